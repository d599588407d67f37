using Helr.Kernel.Polling;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

public sealed class CheckpointChainTests
{
    [Fact]
    public async Task Pages_written_in_one_batch_leave_the_store_write_to_the_last_of_them()
    {
        var chain = new CheckpointChain();
        var batch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var later = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<(string Page, bool NextWritten)>();
        var twoRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<bool, Task> Record(string page) => next =>
        {
            lock (seen)
            {
                seen.Add((page, next));
                if (seen.Count == 2) twoRan.SetResult();
            }
            return Task.CompletedTask;
        };

        await chain.AddAsync(batch.Task, Record("p1"));
        await chain.AddAsync(batch.Task, Record("p2"));
        await chain.AddAsync(later.Task, Record("p3"));
        batch.SetResult(); // p1 and p2 went out together; p3 is still queued
        await twoRan.Task.WaitAsync(TimeSpan.FromSeconds(30));
        later.SetResult();
        await chain.DrainAsync();

        Assert.Equal(new[] { ("p1", true), ("p2", false), ("p3", false) }, seen);
    }

    [Fact]
    public async Task A_failed_write_stops_every_later_checkpoint()
    {
        var chain = new CheckpointChain();
        var ran = new List<string>();
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await chain.AddAsync(write.Task, _ => { ran.Add("p1"); return Task.CompletedTask; });
        await chain.AddAsync(Task.CompletedTask, _ => { ran.Add("p2"); return Task.CompletedTask; });
        write.SetException(new IOException("broken pipe"));
        await Assert.ThrowsAsync<IOException>(() => chain.DrainAsync());
        Assert.Empty(ran);
    }

}
