using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Resilience;

/// <summary>
/// A streamed page's events wait for the pages before it to reach the output. Under <c>block</c> with a
/// slow consumer that wait can be long, and it is no part of the request: it must not run out the
/// attempt's <c>request_secs</c>, which re-downloaded the page and counted a failure against the breaker.
/// </summary>
public sealed class StreamedPageTimeoutTests
{
    // The pages must still be read within it on a loaded machine (page 3 is 3 MB): with 1 s, a slow read of its own
    // timed out and failed the test.
    private const double RequestSecs = 3;

    [Fact]
    public async Task Waiting_for_the_output_is_not_counted_in_a_streamed_pages_request_timeout()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Page 1 (read whole) fills the empty queue; page 2 waits for room while page 3 (streamed) is
        // fetched, and page 3's events wait for page 2.
        api.OnGet("/audit", r => FakeResponse.Json(r.Param("cursor") switch
        {
            null => CursorPage(Events("a", 0, 7000), "c2"),
            "c2" => CursorPage(Events("b", 0, 10), "c3"),
            "c3" => CursorPage(Events("big", 0, 14000), "c4"),
            _ => CursorPage(Event("end-0", 0), ""),
        }));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              backpressure:
                enabled: true
                strategy: block
                detection:
                  event_queue_size: 100
            sources:
              audit:
                url: {api.Url("/audit")}
                resilience:
                  timeouts:
                    request_secs: {RequestSecs}
                  retries:
                    initial_backoff_secs: 0.1
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
            """);
        var env = Env(spool.Path);
        env["HELR_STREAM_THRESHOLD_BYTES"] = "2097152";
        await using var helr = PipedHelr.StartGated(dir, $"run --once -c {config}", env: env);
        await Eventually.WaitAsync(() => api.Requests.Any(r => r.Param("cursor") == "c3"), TimeSpan.FromSeconds(60), () => helr.Process.Stderr);
        // Negative check: the consumer stays stalled for several request timeouts, long enough for the
        // attempt to have timed out and been retried if the wait counted.
        await Task.Delay(TimeSpan.FromSeconds(3 * RequestSecs));
        helr.OpenGate();
        var (result, lines) = await helr.FinishAsync(TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(api.Requests, r => r.Param("cursor") == "c3");
        Assert.DoesNotContain("timed out", result.Stderr);
        Assert.Contains(lines, l => l.Contains("\"end-0\"", StringComparison.Ordinal));
    }
}
