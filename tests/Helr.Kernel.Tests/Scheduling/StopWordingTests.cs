using System.Text.Json.Nodes;
using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A cycle a reload cut short (it removed or restarted the source) was logged as <c>poll stopped by shutdown</c>
/// at every SIGHUP, and a poll triggered through the API that a stop cut short answered "The operation was
/// canceled."; one asked while helr stopped was told "run without --once". Each now says what stopped it.
/// </summary>
public sealed class StopWordingTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // The scheduled cycle's page comes at once; the triggered poll's never does.
    private static void Serve(FakeVendorServer api)
    {
        var requests = 0;
        api.OnGet("/a", _ => Interlocked.Increment(ref requests) == 1 ? FakeResponse.Json("[]") : FakeResponse.Json("[]") with { Delay = TimeSpan.FromMinutes(10) });
    }

    [Fact]
    public async Task A_triggered_poll_a_reload_cuts_short_says_so_and_so_does_the_log()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
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

    [Fact]
    public async Task A_triggered_poll_during_a_shutdown_says_helr_is_shutting_down()
    {
        await using var api = await FakeVendorServer.StartAsync();
        Serve(api);
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        await api.WaitForRequestsAsync(1, Hang);
        var poll = run.Scheduler.PollNowAsync("a");
        await api.WaitForRequestsAsync(2, Hang);

        await run.Shutdown().WaitAsync(Hang);
        var outcome = await poll.WaitAsync(Hang);
        Assert.Equal("poll stopped: helr is shutting down", outcome!.Error!.Message);
        Assert.Contains("poll stopped by shutdown: \"a\"", run.Logs.Text);

        // Asked once the stop has begun, as the API server still answers while the output is written out.
        var board = new SourceStatusBoard(run.Time);
        board.Register("a");
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, run.Time, Logger.None);
        await using var server = await ApiServer.StartAsync(new ApiConfig { Enabled = true, Port = 0 }, new ApiContext
        {
            Board = board, Scheduler = run.Scheduler, Store = run.State, Output = output, Config = () => ConfigSnapshot.Of(run.Loaded.Config),
            Sources = () => run.Loaded.Sources, StateStoreFallbackActive = () => false, Time = run.Time, StartedAt = run.Time.GetTimestamp(),
        }, Logger.None);
        using var http = new HttpClient();
        using var answer = await http.PostAsync($"{server.Url}/api/v1/sources/a/poll", null);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(503, (int)answer.StatusCode);
        Assert.Equal("helr is shutting down; poll not run", (string?)body["error"]);
    }
}
