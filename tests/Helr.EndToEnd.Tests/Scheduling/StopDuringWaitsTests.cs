using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Scheduling;

/// <summary>A stop that arrives while a cycle waits (a retry's backoff, a rate limit, page_delay_secs) is a clean stop: exit 0.</summary>
public sealed class StopDuringWaitsTests
{
    private static string Config(TempDir dir, string url, string resilience) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
            schedule:
              interval_secs: 3600
            resilience:
        {resilience}
        """);

    [Theory]
    [InlineData("run --once", "backoff")]
    [InlineData("run", "backoff")]
    [InlineData("run --once", "retry_after")]
    [InlineData("run", "retry_after")]
    [InlineData("run --once", "page_delay")]
    [InlineData("run", "page_delay")]
    public async Task A_stop_during_a_wait_of_the_cycle_exits_0(string command, string wait)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => (wait, r.Param("page")) switch
        {
            (_, null) => FakeResponse.Json("""[{"id":"a"}]""").WithNext(api.Url("/logs?page=2")),
            ("backoff", _) => FakeResponse.Json("{}", 500),
            ("retry_after", _) => FakeResponse.Json("{}", 429).WithHeader("Retry-After", "600"),
            _ => FakeResponse.Json("""[{"id":"b"}]"""),
        });
        var resilience = wait switch
        {
            "backoff" => "      retries: { max_attempts: 3, initial_backoff_secs: 600 }",
            "retry_after" => "      retries: { max_attempts: 3 }\n      rate_limit: { respect_headers: true }",
            _ => "      rate_limit: { page_delay_secs: 600 }",
        };
        using var dir = new TempDir();
        var config = Config(dir, api.Url("/logs"), resilience);
        await using var helr = HelrProcess.Start($"{command} -c {config}", dir.Path);
        await helr.WaitForLinesAsync(1, TimeSpan.FromSeconds(30));
        if (wait != "page_delay") await api.WaitForRequestsAsync(2, TimeSpan.FromSeconds(30));

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poll stopped by shutdown: s1", result.Stderr);
        Assert.Equal(api.Url("/logs?page=2"), await StateCli.GetAsync(config, "s1", "next_url"));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run --once")]
    public async Task A_stop_while_a_source_waits_for_a_max_concurrent_sources_slot_exits_0(string command)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a"}]""") with { Delay = TimeSpan.FromMinutes(10) });
        api.OnGet("/b", _ => FakeResponse.Json("""[{"id":"b"}]""") with { Delay = TimeSpan.FromMinutes(10) });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              bulkhead: {"{"} max_concurrent_sources: 1 {"}"}
            sources:
              a: {"{"} url: "{api.Url("/a")}" {"}"}
              b: {"{"} url: "{api.Url("/b")}" {"}"}
            """);
        await using var helr = HelrProcess.Start($"{command} -c {config}", dir.Path);
        await api.WaitForRequestsAsync(1, TimeSpan.FromSeconds(30));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        // One source polled, the other waiting for the slot: both stop as a shutdown, neither fails.
        Assert.Contains("poll stopped by shutdown: a", result.Stderr);
        Assert.Contains("poll stopped by shutdown: b", result.Stderr);
        Assert.DoesNotContain("poll failed", result.Stderr);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run --once")]
    public async Task A_stop_while_the_token_request_waits_exits_0(string command)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"t","expires_in":3600}""") with { Delay = TimeSpan.FromMinutes(10) });
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/logs")}
                auth:
                  type: oauth2
                  token_url: {api.Url("/token")}
                  client_id_env: CLIENT_ID
                  client_secret_env: CLIENT_SECRET
            """);
        var env = new Dictionary<string, string?> { ["CLIENT_ID"] = "id", ["CLIENT_SECRET"] = "secret" };
        await using var helr = HelrProcess.Start($"{command} -c {config}", dir.Path, env);
        await api.WaitForRequestsAsync(1, TimeSpan.FromSeconds(30));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poll stopped by shutdown: s1", result.Stderr);
    }
}
