using System.Net.Http;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>A reload's effect on the metrics page: a restarted source's series say what its new parts do, a removed source's series go.</summary>
public sealed class ReloadMetricsTests
{
    private static string Config(TempDir dir, string sources) => $"""
        {dir.SqliteStateGlobal}
          api: {"{"} enabled: true, port: 0 {"}"}
          metrics: {"{"} enabled: true, address: 127.0.0.1, port: 0 {"}"}
        sources:
        {sources}
        """;

    // One failure opens the breaker for an hour: only a restart closes it within the test.
    private static string Failing(FakeVendorServer api, string header) => $"""
          flaky:
            url: {api.Url("/flaky")}
            headers:
              X-Version: "{header}"
            resilience:
              retries: {"{"} max_attempts: 1 {"}"}
              circuit_breaker: {"{"} failure_threshold: 1, half_open_timeout_secs: 3600 {"}"}
            schedule:
              interval_secs: 3600
        """;

    [Fact]
    public async Task A_restarted_source_s_circuit_gauge_follows_its_new_breaker()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var healthy = false;
        api.OnGet("/flaky", _ => Volatile.Read(ref healthy) ? FakeResponse.Json("""[{"id":"x"}]""") : FakeResponse.Json("""{"error":"down"}""", 500));
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, Failing(api, "1")));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.WaitForAsync("/healthz", (_, b) => (string?)b["sources"]!["flaky"]!["circuit_state"]!["state"] == "open", TimeSpan.FromSeconds(30));
        var metrics = OperationsRun.MetricsUrl(helr.Process.Stderr);
        Assert.Contains("helr_circuit_breaker_state{source=\"flaky\"} 1", await ScrapeAsync(metrics));

        // Changed (a new header): stopped and started again with a new, closed breaker; the API works again.
        Volatile.Write(ref healthy, true);
        dir.Write("helr.yaml", Config(dir, Failing(api, "2")));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("restarted [flaky]", TimeSpan.FromSeconds(30));
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["flaky"]!["cycles"]!.GetValue<long>() == 2, TimeSpan.FromSeconds(30));
        var health = (await helr.GetAsync("/healthz")).Body!;
        Assert.Equal("closed", (string?)health["sources"]!["flaky"]!["circuit_state"]!["state"]);
        Assert.Contains("helr_circuit_breaker_state{source=\"flaky\"} 0", await ScrapeAsync(metrics));
    }

    [Fact]
    public async Task A_removed_source_s_series_leave_the_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var kept = new EventFeed("kept").Add(1).Mount(api);
        var removed = new EventFeed("gone").Add(2).Mount(api);
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, kept.SourceYaml(api, 3600) + "\n" + removed.SourceYaml(api, 3600)));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!.AsObject().All(s => s.Value!["cycles"]!.GetValue<long>() == 1), TimeSpan.FromSeconds(30));
        var metrics = OperationsRun.MetricsUrl(helr.Process.Stderr);
        Assert.Contains("helr_source_lag_seconds{source=\"gone\"}", await ScrapeAsync(metrics));

        dir.Write("helr.yaml", Config(dir, kept.SourceYaml(api, 3600)));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("removed [gone]", TimeSpan.FromSeconds(30));
        // Its lag would grow for ever and fire the lag alert for a source nobody collects any more.
        var page = await ScrapeAsync(metrics);
        Assert.DoesNotContain("source=\"gone\"", page, StringComparison.Ordinal);
        Assert.Contains("helr_events_emitted_total{source=\"kept\"} 1", page);
    }

    private static async Task<string> ScrapeAsync(string url)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(url);
    }
}
