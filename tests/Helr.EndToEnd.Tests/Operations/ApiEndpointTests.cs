using System.Text.Json.Nodes;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>The probes and the REST API of a running helr: each route's JSON shape, 404s, and no secret in any answer.</summary>
public sealed class ApiEndpointTests
{
    private const string Secret = "s3cret-Zq81-never-shown";

    private static string Config(TempDir dir, FakeVendorServer api, EventFeed feed) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
          api:
            enabled: true
            port: 0
          output:
            http:
              headers:
                Authorization: Bearer {Secret}
        sources:
        {feed.SourceYaml(api, intervalSecs: 3600, extra: $"    auth:\n      type: bearer\n      token_env: FEED_TOKEN\n    headers:\n      X-Api-Key: {Secret}\n      X-Trace: visible-value")}
          broken:
            url: {api.Url("/broken")}
            schedule:
              interval_secs: 3600
        """);

    [Fact]
    public async Task Every_route_answers_its_documented_shape()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(25).Mount(api);
        api.OnGet("/broken", _ => FakeResponse.Json("""{"error":"nope"}""") with { Status = 500 });
        using var dir = new TempDir();
        await using var helr = await ApiHelr.StartAsync(Config(dir, api, feed), dir, new Dictionary<string, string?> { ["FEED_TOKEN"] = Secret });
        await helr.Process.WaitForLinesAsync(25, TimeSpan.FromSeconds(60));

        var health = await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["o"]!["cycles"]!.GetValue<long>() >= 1 && b["sources"]!["broken"]!["cycles"]!.GetValue<long>() >= 1, TimeSpan.FromSeconds(60));
        Assert.False(string.IsNullOrEmpty(health["version"]!.GetValue<string>()));
        Assert.True(health["uptime_secs"]!.GetValue<double>() >= 0);
        Assert.False(health["state_store_fallback_active"]!.GetValue<bool>());
        var ok = health["sources"]!["o"]!;
        Assert.Equal("ok", ok["status"]!.GetValue<string>());
        Assert.Equal("closed", ok["circuit_state"]!["state"]!.GetValue<string>());
        Assert.Equal(0, ok["circuit_state"]!["failures"]!.GetValue<int>());
        Assert.Null(ok["last_error"]);
        Assert.True(((JsonObject)ok).ContainsKey("last_error"), "last_error is always present");
        Assert.NotNull(ok["last_success"]);
        Assert.Equal("2024-01-01T00:00:25.000Z", ok["newest_event_time"]!.GetValue<string>());
        Assert.True(ok["lag_secs"]!.GetValue<double>() > 0);
        Assert.Equal(25, ok["events_last_hour"]!.GetValue<long>());
        Assert.Equal(60, ok["events_per_minute"]!.AsArray().Count);
        var broken = health["sources"]!["broken"]!;
        Assert.Equal("degraded", broken["status"]!.GetValue<string>());
        Assert.Contains("HTTP 500", broken["last_error"]!.GetValue<string>());
        Assert.Null(broken["last_success"]);

        var (status, ready, _) = await helr.GetAsync("/readyz");
        Assert.Equal(200, status);
        foreach (var key in new[] { "ready", "output_writable", "state_store_connected", "at_least_one_source_healthy" }) Assert.True(ready![key]!.GetValue<bool>(), key);
        Assert.False(ready!["state_store_fallback_active"]!.GetValue<bool>());
        var (startStatus, startup, _) = await helr.GetAsync("/startupz");
        Assert.Equal(200, startStatus);
        Assert.True(startup!["started"]!.GetValue<bool>());

        var (listStatus, list, _) = await helr.GetAsync("/api/v1/sources");
        Assert.Equal(200, listStatus);
        Assert.Equal(new[] { "broken", "o" }, list!["sources"]!.AsObject().Select(kv => kv.Key).Order());
        var (oneStatus, one, _) = await helr.GetAsync("/api/v1/sources/o");
        Assert.Equal(200, oneStatus);
        Assert.Equal("o", one!["source_id"]!.GetValue<string>());
        Assert.Equal("ok", one["status"]!.GetValue<string>());
        var (stateStatus, state, _) = await helr.GetAsync("/api/v1/sources/o/state");
        Assert.Equal(200, stateStatus);
        Assert.Equal("25", state!["state"]!["watermark"]!.GetValue<string>());

        foreach (var path in new[] { "/api/v1/sources/nope", "/api/v1/sources/nope/state", "/api/v1/sources/nope/config" })
        {
            var (missing, error, _) = await helr.GetAsync(path);
            Assert.Equal(404, missing);
            Assert.Equal("source not found", error!["error"]!.GetValue<string>());
            Assert.Equal("nope", error["source_id"]!.GetValue<string>());
        }
        var (pollMissing, pollError, _) = await helr.PostAsync("/api/v1/sources/nope/poll");
        Assert.Equal(404, pollMissing);
        Assert.Equal("source not found", pollError!["error"]!.GetValue<string>());
        // Upstream's shape for this route: a script reading .ok sees false, not a missing key.
        Assert.Equal("nope", pollError["source_id"]!.GetValue<string>());
        Assert.False(pollError["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Config_routes_name_variables_and_never_show_a_secret()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(3).Mount(api);
        api.OnGet("/broken", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        await using var helr = await ApiHelr.StartAsync(Config(dir, api, feed), dir, new Dictionary<string, string?> { ["FEED_TOKEN"] = Secret });

        var (status, source, text) = await helr.GetAsync("/api/v1/sources/o/config");
        Assert.Equal(200, status);
        Assert.Equal("generic", source!["plugin"]!.GetValue<string>());
        var config = source["config"]!;
        Assert.Equal("FEED_TOKEN", config["auth"]!["token_env"]!.GetValue<string>());
        Assert.Equal("[redacted]", config["headers"]!["X-Api-Key"]!.GetValue<string>());
        Assert.Equal("visible-value", config["headers"]!["X-Trace"]!.GetValue<string>());
        Assert.Equal(api.Url(feed.Path), config["url"]!.GetValue<string>());
        Assert.DoesNotContain(Secret, text);

        var (globalStatus, global, globalText) = await helr.GetAsync("/api/v1/config");
        Assert.Equal(200, globalStatus);
        Assert.Equal(0, global!["global"]!["api"]!["port"]!.GetValue<int>());
        Assert.Equal("[redacted]", global["global"]!["output"]!["http"]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.DoesNotContain(Secret, globalText);

        var (_, _, page) = await helr.GetAsync("/");
        Assert.DoesNotContain(Secret, page);
    }
}
