using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// <c>max_concurrent_sources</c>: a reload removing or restarting a source that waited for a slot (every
/// slot taken by long cycles) waited 30 s for it before cancelling it, one such source after the other:
/// with <c>restart_sources_on_sighup</c> and many sources over few slots, a reload took hours, and the
/// sources it had stopped were not polled until it ended. A source with no page in flight stops at once.
/// </summary>
public sealed class ReloadWhileWaitingForSlotTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reload_removing_a_source_that_waits_for_a_slot_does_not_wait_out_the_drain_grace()
    {
        // s1 holds the only slot (its cycle blocks until released); s2, added by a reload, polls at once and waits for it.
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin { Only = "s1" }, globalKeys: "  bulkhead:\n    max_concurrent_sources: 1\n");
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var withoutS2 = File.ReadAllText(run.Path);
            File.WriteAllText(run.Path, withoutS2 + "  s2:\n    type: stuck\n    schedule: { interval_secs: 3600 }\n");
            var added = await reloader.ReloadAsync("SIGHUP").WaitAsync(Hang);
            Assert.True(added.Ok, string.Join("; ", added.Errors));
            var s2 = run.Built[1];

            File.WriteAllText(run.Path, withoutS2);
            var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
            // Under the drain grace on the fake clock (it cancels the waiting source at 30 s): before the fix
            // the reload ended only then.
            var removed = await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromMilliseconds(10), maxSteps: 2_900);

            Assert.True(removed.Ok, string.Join("; ", removed.Errors));
            Assert.Equal(["s2"], removed.Plan!.Removed);
            Assert.True(s2.Disposed, "the removed source's runner was not released");
            Assert.Equal(0, run.Plugin.OthersCalled);
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await ended.WaitAsync(Hang);
        }
    }
}
