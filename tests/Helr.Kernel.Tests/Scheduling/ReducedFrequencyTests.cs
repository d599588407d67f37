using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// <c>reduced_frequency_multiplier</c> applies while the state store is down. A wait that began during
/// an outage was the multiplied interval in full, however soon the store came back: with the allowed
/// multiplier of up to 1000, a one-second outage could hold a source for a thousand intervals.
/// </summary>
public sealed class ReducedFrequencyTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wait_begun_during_an_outage_ends_an_interval_after_the_cycle_once_the_store_is_back()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        var scale = 10.0;
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        double Scale()
        {
            asked.TrySetResult();
            return Volatile.Read(ref scale);
        }
        // One attempt: fake seconds pass while the first request may still be in flight (no retry on its fake timeout).
        await using var run = new ScheduledSource(api, TimeSpan.FromSeconds(60), moreResilience: "      retries: { max_attempts: 1 }", intervalScale: Scale);
        await api.WaitForRequestsAsync(1, Hang);
        await asked.Task.WaitAsync(Hang);
        var cycled = run.Time.GetUtcNow();
        // The wait after the first cycle is under way, multiplied; the store answers again.
        Volatile.Write(ref scale, 1.0);

        await run.Time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(1), maxSteps: 1000);
        var waited = run.Time.GetUtcNow() - cycled;
        // Seen a few fake seconds late at most (the request travels in real time while the clock steps on);
        // without the fix it is the multiplied 600 s.
        Assert.True(waited <= TimeSpan.FromSeconds(120), $"polled again after {waited}, not about one interval (60 s) after the store came back");
        Assert.True(waited >= TimeSpan.FromSeconds(60), $"polled again after {waited}, before the interval");
    }

    [Fact]
    public async Task During_an_outage_the_interval_is_multiplied()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, TimeSpan.FromSeconds(60), moreResilience: "      retries: { max_attempts: 1 }", intervalScale: () => 10);
        await api.WaitForRequestsAsync(1, Hang);
        var cycled = run.Time.GetUtcNow();

        await run.Time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(5), maxSteps: 1000);
        var waited = run.Time.GetUtcNow() - cycled;
        Assert.True(waited >= TimeSpan.FromSeconds(600), $"polled again after {waited}, before 10 × 60 s");
    }

    [Fact]
    public async Task A_wait_with_a_fraction_of_a_millisecond_left_ends()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        // A timer counts whole milliseconds: 60.0004 s leaves 0.4 ms after it fires, and a wait that
        // looks again (multiplied) asked for a 0 ms delay on a clock that had not moved, for ever.
        await using var run = new ScheduledSource(api, TimeSpan.FromSeconds(60.0004), moreResilience: "      retries: { max_attempts: 1 }",
            intervalScale: () => 1.5);
        await api.WaitForRequestsAsync(1, Hang);

        // Off the test's thread: without the fix the clock's Advance never returns.
        await Task.Run(() => run.Time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(1), maxSteps: 1000))
            .WaitAsync(Hang);
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }
}
