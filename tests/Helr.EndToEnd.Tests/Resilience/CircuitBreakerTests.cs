using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Opens_after_consecutive_failures_sends_nothing_while_open_then_probes_and_closes()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        api.OnGet("/logs", _ => Interlocked.Increment(ref served) <= 2
            ? FakeResponse.Json("""{"error":"down"}""", 500)
            : FakeResponse.Json("""[{"id":"back"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries:
              max_attempts: 1
            circuit_breaker:
              failure_threshold: 2
              success_threshold: 1
              half_open_timeout_secs: 10
            """, """
            schedule:
              interval_secs: 1
            """));

        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        await api.WaitForRequestsAsync(2, Wait);
        await helr.WaitForStderrAsync("circuit breaker open: 2 consecutive failures", Wait);
        // The next cycles are refused by the breaker itself: the API sees nothing.
        await helr.WaitForStderrAsync("no request sent", Wait);
        // Counted before the half-open probe goes out: that is half_open_timeout_secs after the opening, a margin
        // a loaded machine's delay in reading the line above must not use up (with 4 s, about 3 s were left).
        Assert.Equal(2, api.Requests.Count);

        await helr.WaitForStderrAsync("circuit breaker half_open", Wait);
        await api.WaitForRequestsAsync(3, Wait);
        await helr.WaitForLinesAsync(1, Wait);
        await helr.WaitForStderrAsync("circuit breaker closed", Wait);
        Assert.Equal("back", Ndjson.Parse(helr.Stdout)[0].GetProperty("event").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_failed_probe_opens_the_circuit_again()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("{}", 503));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries: { max_attempts: 1 }
            circuit_breaker: { failure_threshold: 1, half_open_timeout_secs: 1 }
            """, "schedule: { interval_secs: 1 }"));

        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        await helr.WaitForStderrAsync("circuit breaker open: 1 consecutive failures", Wait);
        await helr.WaitForStderrAsync("circuit breaker open: the half-open probe failed", Wait);
    }

    [Fact]
    public async Task A_cycle_the_open_circuit_refuses_is_logged_as_skipped_not_as_an_error_each_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"down"}""", 503));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries: { max_attempts: 1 }
            circuit_breaker: { failure_threshold: 1, half_open_timeout_secs: 3600 }
            """, "schedule: { interval_secs: 1 }"));

        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        await helr.WaitForStderrAsync("circuit breaker open: 1 consecutive failures", Wait);
        await helr.WaitForStderrAsync("no request sent", 3, Wait);
        var lines = helr.Stderr.Split('\n');
        // The cause, once, as the error; the cycles refused after it say they were skipped, and why.
        Assert.Single(lines, l => l.Contains(" EROR ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" EROR poll failed: s1: HTTP 503 from", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Contains("no request sent", StringComparison.Ordinal)),
            l => Assert.Contains(" INFO poll skipped: s1: circuit breaker open: no request sent; next probe in ", l));
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Rate_limited_answers_do_not_open_the_circuit()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("{}", 429));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries: { max_attempts: 1 }
            circuit_breaker: { failure_threshold: 1 }
            """, "schedule: { interval_secs: 1 }"));

        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);

        await api.WaitForRequestsAsync(3, Wait);
        Assert.DoesNotContain("circuit breaker open", helr.Stderr);
    }
}
