using Helr.Kernel.Scheduling;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>A continuous run compacts its heap once, when the last of its sources ended its first cycle.</summary>
public sealed class FirstCyclesTests
{
    [Fact]
    public void Compacts_once_when_the_last_source_ended_its_first_cycle()
    {
        var compactions = 0;
        var first = new FirstCycles(3, Logger.None, () => compactions++);
        first.Ended();
        first.Ended();
        Assert.Equal(0, compactions);
        first.Ended();
        Assert.Equal(1, compactions);
        Assert.Equal(1, first.Compactions);
    }

    [Fact]
    public void Sources_told_after_the_last_one_do_not_compact_again()
    {
        var compactions = 0;
        var first = new FirstCycles(1, Logger.None, () => compactions++);
        first.Ended();
        first.Ended();
        Assert.Equal(1, compactions);
    }

    [Fact]
    public async Task A_loop_counts_once_however_many_cycles_it_reports_and_one_that_stops_early_counts_too()
    {
        var compactions = 0;
        var first = new FirstCycles(2, Logger.None, () => compactions++);
        await first.TrackAsync(cycled =>
        {
            cycled();
            cycled();
            cycled();
            return Task.CompletedTask;
        });
        Assert.Equal(0, compactions);
        // A loop stopped (reload, shutdown) before its first cycle must not keep the compaction waiting.
        await Assert.ThrowsAsync<OperationCanceledException>(() => first.TrackAsync(_ => throw new OperationCanceledException()));
        Assert.Equal(1, compactions);
    }

    [Fact]
    public void The_default_compaction_frees_garbage_left_by_the_first_cycles()
    {
        var garbage = Garbage();
        new FirstCycles(1, Logger.None).Ended();
        Assert.False(garbage.TryGetTarget(out _));
    }

    // A 16 KB body buffer nobody references any more, as a finished cycle leaves one.
    private static WeakReference<byte[]> Garbage() => new(new byte[16 * 1024]);
}
