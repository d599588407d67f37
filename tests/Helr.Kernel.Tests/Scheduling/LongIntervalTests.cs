using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A wait between cycles longer than a .NET timer can hold (about 49.7 days: a long <c>interval_secs</c>,
/// or a moderate one times <c>reduced_frequency_multiplier</c> during a store outage) must still end in
/// the next cycle. Task.Delay refuses such a delay outright: the loop ended with the exception after
/// the first cycle, nobody awaited it until shutdown, and the source was never polled again.
/// </summary>
public sealed class LongIntervalTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_source_whose_interval_exceeds_the_timer_limit_is_polled_again_after_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        // 60 days: past the 49.7 days a single timer can wait.
        var interval = TimeSpan.FromDays(60);
        // One attempt: the fake days pass while the first request may still be in flight, and its timeout
        // (on the fake clock) would otherwise bring a retry, a second request that is not a second cycle.
        await using var run = new ScheduledSource(api, interval, moreResilience: "      retries: { max_attempts: 1 }");
        await api.WaitForRequestsAsync(1, Hang);
        var first = run.Time.GetUtcNow();

        // One fake day at a time (the step budget is the bound): the second cycle is due after 60 of them.
        await run.Time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(10))), TimeSpan.FromDays(1), maxSteps: 200);
        Assert.Equal(2, api.Requests.Count);
        // Due after the whole interval, not after the first part of the wait.
        Assert.True(run.Time.GetUtcNow() - first >= interval, $"polled again after {run.Time.GetUtcNow() - first}");
        Assert.Equal(0, await run.Shutdown());
    }

    [Fact]
    public async Task A_source_whose_poll_tick_exceeds_the_timer_limit_is_polled()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        // 60 days (the key allows up to a year): a deadline no single timer can hold. The cycle failed
        // before its first request, at every turn, and the run's shutdown threw the exception.
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1), moreResilience: "      timeouts: { poll_tick_secs: 5184000 }");
        await api.WaitForRequestsAsync(1, Hang);
        Assert.Equal(0, await run.Shutdown());
    }

    [Fact]
    public void A_deadline_longer_than_a_timer_fires_when_due_and_not_before()
    {
        var time = new FakeTimeProvider();
        using var deadline = Kernel.Polling.LongTimer.After(TimeSpan.FromDays(75), time);
        time.Advance(TimeSpan.FromDays(74));
        Assert.False(deadline.IsCancellationRequested, "the deadline fired early");
        time.Advance(TimeSpan.FromDays(1));
        Assert.True(deadline.IsCancellationRequested, "the deadline did not fire when due");
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }
}
