using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that stops a source also waits for a poll triggered through the API (POST /sources/{id}/poll)
/// that is in flight: its page is checkpointed before the lease goes back, and the poll is not left
/// running on a loop disposed under it.
/// </summary>
public sealed class ReloadDuringTriggeredPollTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_removed_source_gives_its_lease_back_only_after_the_triggered_poll_checkpointed_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        await using var run = new ScheduledSource(api, Hour, leaseSources: 1);

        // Asked for during the scheduled cycle, the poll runs right after it, while the loop waits for its next turn.
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await run.Stream.FirstWrite.Task.WaitAsync(Hang);

        // Held only so that ReleaseReached tells when the lease goes back.
        var letRelease = run.LeaseStore.HoldNextRelease();
        var removed = run.RemoveAsync("a");
        // Bounded: with the fix the removal waits on the poll's cycle lock, and nothing signals that it waits there.
        await Task.WhenAny(run.LeaseStore.ReleaseReached.Task, Task.Delay(500));
        Assert.False(run.LeaseStore.ReleaseReached.Task.IsCompleted, "the lease went back while the triggered poll's page was being written");

        run.Stream.Release.Set();
        letRelease.SetResult();
        Assert.Null((await poll)!.Error);
        await removed;
        Assert.Contains("\"a2\"", run.Stream.Text());
        // Written but not checkpointed, the page would be emitted again by the instance that takes the source over.
        Assert.Contains("a2", await run.State.GetDedupeIdsAsync("a", 10));
        Assert.Null(run.LeaseStore.HolderOf("a"));
    }

    [Fact]
    public async Task A_triggered_poll_of_a_source_stopped_meanwhile_ends_with_an_outcome()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        api.OnGet("/a", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("[]")
            : FakeResponse.Streamed(async (body, ct) =>
            {
                await answer.Task.WaitAsync(ct);
                await body.WriteAsync("""[{"id":"a2"}]"""u8.ToArray(), ct);
            }));
        await using var run = new ScheduledSource(api, Hour);
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await api.WaitForRequestsAsync(2, Hang);

        // The vendor keeps the poll's page past the drain grace: the stop cuts the poll off, then disposes the loop.
        (await run.Time.AdvanceUntilAsync(run.Scheduler.StopAsync("a"), TimeSpan.FromSeconds(1)))?.Dispose();
        answer.SetResult();
        // Stepped: a poll left running on the disposed runner waits out its retries on this clock.
        var outcome = await run.Time.AdvanceUntilAsync(poll, TimeSpan.FromSeconds(1));

        Assert.NotNull(outcome);
        Assert.IsAssignableFrom<OperationCanceledException>(outcome.Error);
    }
}
