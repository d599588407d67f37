using Helr.Kernel.State;
using Helr.Kernel.Tests.Scheduling;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A cycle belongs to the holding it started under. When the lease is lost while a poll triggered
/// through the API is writing its page, and the source's loop takes the lease again meanwhile (a new
/// holding, with a new fencing token, after another instance held the source), the poll's checkpoint
/// must be refused: it would otherwise be stamped with the new token and overwrite what the other
/// instance stored with a position read before that instance's turn.
/// </summary>
public sealed class StaleCycleFenceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_triggered_poll_that_began_under_a_lost_lease_cannot_checkpoint_under_the_lease_taken_again()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""), FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, Interval, leaseSources: 1);
        var leases = run.Leases!;
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await run.Stream.FirstWrite.Task.WaitAsync(Hang);

        // While the poll's page is being written, this instance is paused past its lease: instance B takes
        // the source, checkpoints it and gives it back; the renewal then finds the token moved on.
        await run.LeaseStore.ReleaseAsync("a", leases.Holder, default);
        Assert.NotNull(await run.LeaseStore.TryAcquireAsync("a", "B", TimeSpan.FromSeconds(30), default));
        await run.State.CommitAsync("a", new StateCommit(new Dictionary<string, string> { ["cursor"] = "b" }, ["b1"], 10));
        await run.LeaseStore.ReleaseAsync("a", "B", default);
        leases.MarkLost("a");

        // The loop's next turns come while the poll still waits for its write. Without the fix the first of
        // them takes the free lease again (a new holding); with it, a lease is taken only between cycles, so
        // the turns wait for the poll. Fake-clock steps with a bound: the outcome below does not depend on
        // how many were needed.
        for (var turn = 0; turn < 20 && !leases.IsHeld("a"); turn++)
        {
            run.Time.Advance(Interval);
            await Task.Yield();
            await Task.Delay(1);
        }

        run.Stream.Release.Set();
        var outcome = (await poll.WaitAsync(Hang))!;
        Assert.IsType<LeaseLostException>(outcome.Error);
        // B's checkpoint stands; the poll's page is fetched again by the next cycle of the new holding.
        Assert.Equal(["b1"], await run.State.GetDedupeIdsAsync("a", 10));
        Assert.Equal("b", (await run.State.GetAllAsync("a"))["cursor"]);
    }
}
