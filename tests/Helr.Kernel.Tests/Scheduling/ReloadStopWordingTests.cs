using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A cycle a reload cut short (it removed or restarted the source) was logged as <c>poll stopped by shutdown</c>
/// at every SIGHUP, and a poll triggered through the API answered "The operation was canceled.". Both now say
/// it was a reload.
/// </summary>
public sealed class ReloadStopWordingTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_triggered_poll_a_reload_cuts_short_says_so_and_so_does_the_log()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var requests = 0;
        // The scheduled cycle's page comes at once; the triggered poll's never does.
        api.OnGet("/a", _ => Interlocked.Increment(ref requests) == 1 ? FakeResponse.Json("[]") : FakeResponse.Json("[]") with { Delay = TimeSpan.FromMinutes(10) });
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await api.WaitForRequestsAsync(2, Hang);

        // The reload's stop waits out the drain grace (30 s) for the page in flight, then cancels it.
        var removed = run.RemoveAsync("a");
        var outcome = await run.Time.AdvanceUntilAsync(poll, TimeSpan.FromSeconds(1), maxSteps: 200);
        await removed.WaitAsync(Hang);

        Assert.IsType<StoppedByReloadException>(outcome!.Error);
        Assert.Contains("a reload removed or restarted the source", outcome.Error!.Message);
        Assert.Contains("poll stopped by reload: \"a\"", run.Logs.Text);
        Assert.DoesNotContain("poll stopped by shutdown", run.Logs.Text);
    }
}
