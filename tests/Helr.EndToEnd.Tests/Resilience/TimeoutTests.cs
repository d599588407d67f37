using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class TimeoutTests
{
    [Fact]
    public async Task A_body_that_stalls_after_the_headers_is_cut_off_by_the_read_timeout()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"never"},{"id":"complete"}]""") with { StallAfterBytes = 10 });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            timeout_secs: 120
            timeouts:
              read_secs: 1
            retries:
              max_attempts: 2
              initial_backoff_secs: 0
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Equal(2, api.Requests.Count);
        Assert.Contains("response body stalled: no data for 1 s (timeouts.read_secs) (after 2 attempts)", result.Stderr);
    }

    [Fact]
    public async Task A_slow_response_is_cut_off_by_the_request_timeout()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]") with { Delay = TimeSpan.FromMinutes(5) });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            timeouts:
              request_secs: 1
            retries:
              max_attempts: 1
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out after 1 s (timeouts.request_secs)", result.Stderr);
    }

    [Fact]
    public async Task A_whole_cycle_is_cut_off_by_poll_tick_secs()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json("""[{"id":"p"}]""").WithNext(api.Url("/logs?page=" + (int.Parse(r.Param("page") ?? "0") + 1))));
        using var dir = new TempDir();
        // Pages never end and each waits 0.5 s; the tick must stop the cycle after about 5 s (long enough for the
        // first page to be written on a loaded machine, where the first request also pays for JIT compiling).
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            timeouts:
              poll_tick_secs: 5
            rate_limit:
              page_delay_secs: 0.5
            """, """
            pagination:
              strategy: link_header
              max_pages: 1000
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("poll tick timed out after 5 s (timeouts.poll_tick_secs)", result.Stderr);
        Assert.NotEmpty(result.Lines);
        Assert.True(api.Requests.Count < 100, $"{api.Requests.Count} requests");
    }
}
