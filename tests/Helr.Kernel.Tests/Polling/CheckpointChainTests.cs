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

    [Fact]
    public Task After_a_failed_checkpoint_the_wind_down_still_waits_for_the_pages_handed_over() => Task.Run(() =>
    {
        // Run without a synchronization context: completing a write runs the chain's continuations
        // inline, so what SettleAsync returns right after says whether it waits for the later page.
        var chain = new CheckpointChain();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var ran = new List<string>();
        Assert.True(chain.AddAsync(first.Task, _ => Task.FromException(new IOException("state store down"))).IsCompletedSuccessfully);
        Assert.True(chain.AddAsync(second.Task, _ => { ran.Add("p2"); return Task.CompletedTask; }).IsCompletedSuccessfully);

        first.SetResult(); // p1 written, its checkpoint fails; p2 is still queued in the output
        var settled = chain.SettleAsync();

        // p2's ids already count as seen: were the cycle over now, the next one would drop them as
        // duplicates and checkpoint past lines still only in memory.
        Assert.False(settled.IsCompleted);
        second.SetResult();
        Assert.True(settled.IsCompletedSuccessfully);
        Assert.Null(settled.Result);
        Assert.Empty(ran); // the chain is still stopped: nothing after the failed checkpoint is stored
    });
}
