using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// A script that quoted the whole answer in its error (here a 1 MB page) made that error the source's
/// last_error as it was: every /healthz, REST answer and status page refresh carried the megabyte, and so
/// did each <c>poll failed</c> log line. The message is now cut to its start, saying how much was left out.
/// </summary>
public sealed class LastErrorLengthTests
{
    [Fact]
    public async Task A_failed_cycle_quoting_a_whole_page_gives_a_short_last_error_and_log_line()
    {
        var page = "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"id":"{{i}}","actor":"someone-{{i}}@example.com"}""")) + "]";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json(page));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            {{dir.SqliteStateGlobal}}
              api:
                enabled: true
                port: 0
              hooks:
                enabled: true
            sources:
              h1:
                url: {{api.Url("/logs")}}
                schedule:
                  interval_secs: 3600
                hooks:
                  script_inline: "function parseResponse(ctx, r) { throw new Error('unexpected answer: ' + JSON.stringify(r.body)); }"
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);

        var health = await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["h1"]!["cycles"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(60));

        var lastError = health["sources"]!["h1"]!["last_error"]!.GetValue<string>();
        Assert.StartsWith("hook parseResponse in ", lastError);
        Assert.Contains("failed: unexpected answer: [{\"id\":\"0\"", lastError);
        Assert.EndsWith(" more characters)", lastError);
        Assert.True(lastError.Length < 2_100, $"last_error is {lastError.Length:N0} characters");
        var (_, _, text) = await helr.GetAsync("/api/v1/sources/h1");
        Assert.True(text.Length < 5_000, $"GET /api/v1/sources/h1 answered {text.Length:N0} characters");
        // /healthz can count the cycle before the log line has come through helr's stderr pipe.
        await helr.Process.WaitForStderrAsync("poll failed: h1: ", TimeSpan.FromSeconds(30));
        var logLine = Assert.Single(helr.Process.Stderr.Split('\n'), l => l.Contains("poll failed: h1: ", StringComparison.Ordinal));
        Assert.True(logLine.Length < 2_300, $"the poll failed line is {logLine.Length:N0} characters");
    }
}
