using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// An instance over its fair share gives a source back between cycles only: a poll triggered through
/// the API is a cycle too, so its page is checkpointed before the lease goes.
/// </summary>
public sealed class FairShareDuringTriggeredPollTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_source_over_the_share_is_given_back_only_after_the_triggered_poll_checkpointed_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        // A second source held here: a share of one then leaves this instance over it.
        await using var run = new ScheduledSource(api, Interval, leaseSources: 2,
            beforeStart: r => Assert.True(r.Leases!.TryAcquireAsync("other", CancellationToken.None).GetAwaiter().GetResult()));

        // Asked for during the scheduled cycle, the poll runs right after it, while the loop waits for its next turn.
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await run.Stream.FirstWrite.Task.WaitAsync(Hang);

        // An instance joins (or a reload drops sources) while the poll's page is being written; held only
        // so that ReleaseReached tells when the lease goes back.
        var letRelease = run.LeaseStore.HoldNextRelease();
        var givenBack = run.LeaseStore.ReleaseReached.Task;
        run.Leases!.Resize(1);
        // Bounded: with the fix the loop's next turn waits on the poll's cycle lock, and nothing signals that
        // it waits there. Several turns: the loop may set its timer only after the poll started.
        for (var turn = 0; turn < 5 && !givenBack.IsCompleted; turn++)
        {
            run.Time.Advance(Interval);
            await Task.WhenAny(givenBack, Task.Delay(100));
        }
        Assert.False(givenBack.IsCompleted, "the lease went back while the triggered poll's page was being written");

        run.Stream.Release.Set();
        letRelease.SetResult();
        Assert.Null((await poll)!.Error);
        Assert.Contains("\"a2\"", run.Stream.Text());
        // Written but not checkpointed, the page would be emitted again by the instance that takes the source over.
        Assert.Contains("a2", await run.State.GetDedupeIdsAsync("a", 10));
        // The share still applies, once the poll is done.
        await run.Time.AdvanceUntilAsync(givenBack.ContinueWith(_ => 0), Interval);
        Assert.Null(run.LeaseStore.HolderOf("a"));
    }
}
