using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Helr.Tests.Servers;
using Xunit;

namespace Helr.EndToEnd.Tests.Resilience;

public sealed class RetryTests
{
    private const string FastRetries = """
        retries:
          max_attempts: 3
          initial_backoff_secs: 0.05
        """;

    [Fact]
    public async Task Waits_for_Retry_After_on_429_then_emits_the_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("GET", "/logs",
            FakeResponse.Json("""{"error":"slow down"}""", 429).WithHeader("Retry-After", "1"),
            FakeResponse.Json("""[{"id":"r1"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries:
              max_attempts: 3
              initial_backoff_secs: 0
            """));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "r1" }, result.Lines.EventField("id"));
        var requests = api.Requests;
        Assert.Equal(2, requests.Count);
        // The only reason to wait is the header (backoff is 0): about a second, with tolerance.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"gap {requests[1].ReceivedAt - requests[0].ReceivedAt}");
        Assert.Contains("Retry-After", result.Stderr);
    }

    [Fact]
    public async Task Waits_for_an_HTTP_date_Retry_After()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var first = true;
        api.OnGet("/logs", _ =>
        {
            if (!first) return FakeResponse.Json("""[{"id":"d1"}]""");
            first = false;
            return FakeResponse.Json("{}", 429).WithHeader("Retry-After", DateTimeOffset.UtcNow.AddSeconds(2).ToString("r"));
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), "retries: { max_attempts: 2, initial_backoff_secs: 0 }"));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "d1" }, result.Lines.EventField("id"));
        var requests = api.Requests;
        // HTTP dates have whole seconds, so 2 s ahead means at least 1 s of waiting.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"gap {requests[1].ReceivedAt - requests[0].ReceivedAt}");
    }

    [Fact]
    public async Task Honours_Oktas_reset_header_on_429_without_Retry_After()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var first = true;
        api.OnGet("/logs", _ =>
        {
            if (!first) return FakeResponse.Json("""[{"id":"k1"}]""");
            first = false;
            var reset = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
            return FakeResponse.Json("{}", 429).WithHeader("X-Rate-Limit-Remaining", "0").WithHeader("X-Rate-Limit-Reset", reset.ToString());
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), "retries: { max_attempts: 2, initial_backoff_secs: 0 }"));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        var requests = api.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900), $"gap {requests[1].ReceivedAt - requests[0].ReceivedAt}");
        Assert.Contains("rate-limit reset header", result.Stderr);
    }

    [Fact]
    public async Task Retries_503_twice_then_emits_the_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("GET", "/logs",
            FakeResponse.Json("""{"error":"unavailable"}""", 503),
            FakeResponse.Json("""{"error":"unavailable"}""", 503),
            FakeResponse.Json("""[{"id":"e1"},{"id":"e2"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), FastRetries));

        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "e1", "e2" }, result.Lines.EventField("id"));
        Assert.Equal(3, api.Requests.Count);
        Assert.Contains("HTTP 503", result.Stderr);
        Assert.Contains("attempt 3 of 3", result.Stderr);
    }

    // An API that takes its key in the path (Telegram's /bot<token>/…): the poll's error cut it out, but
    // the warning of each retry named the URL with it.
    [Fact]
    public async Task A_key_in_the_urls_path_is_cut_out_of_the_retry_warnings()
    {
        const string token = "123456:AAH-pathKey-5e4d3c2b";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("GET", $"/bot{token}/getUpdates",
            FakeResponse.Json("""{"error":"unavailable"}""", 503),
            FakeResponse.Json("""[{"id":"e1"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/bot") + "${TELEGRAM_BOT_TOKEN}/getUpdates", FastRetries));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: new Dictionary<string, string?> { ["TELEGRAM_BOT_TOKEN"] = token });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, api.Requests.Count);
        Assert.Contains("/bot[REDACTED]/getUpdates; retrying", result.Stderr);
        Assert.DoesNotContain("pathKey", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Fails_the_poll_when_retries_are_exhausted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"still down"}""", 502));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), FastRetries));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Equal(3, api.Requests.Count);
        Assert.Contains("poll failed", result.Stderr);
        Assert.Contains("HTTP 502", result.Stderr);
        Assert.Contains("still down", result.Stderr);
    }

    [Fact]
    public async Task Fails_at_once_on_a_non_retryable_4xx_with_status_and_body_but_no_secret()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"errorSummary":"You do not have permission"}""", 403));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), FastRetries, """
            auth:
              type: bearer
              prefix: SSWS
              token_env: TEST_TOKEN
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path,
            env: new Dictionary<string, string?> { ["TEST_TOKEN"] = "s3cr3t-token-value" });

        Assert.Equal(1, result.ExitCode);
        Assert.Single(api.Requests);
        Assert.Equal("SSWS s3cr3t-token-value", api.Requests[0].Header("Authorization"));
        Assert.Contains("HTTP 403", result.Stderr);
        Assert.Contains("You do not have permission", result.Stderr);
        Assert.DoesNotContain("s3cr3t-token-value", result.Stderr);
        Assert.DoesNotContain("retrying", result.Stderr);
    }

    [Fact]
    public async Task Retries_connection_failures_and_names_them()
    {
        using var closed = new RefusingPort();
        var url = closed.Url("/logs");
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(url, FastRetries));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Connection refused", result.Stderr);
        Assert.Contains("after 3 attempts", result.Stderr);
    }

    [Fact]
    public async Task Only_the_configured_status_codes_are_retried()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("{}", 500));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", ResilienceYaml.Source(api.Url("/logs"), """
            retries:
              max_attempts: 5
              initial_backoff_secs: 0
              retryable_status_codes: [503]
            """));

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(api.Requests);
    }
}
