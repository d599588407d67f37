using Helr.Plugins.Tailscale.Tests.Support;
using static Helr.Plugins.Tailscale.Tests.TailscaleWindowTests;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>Documentation-shaped logs, rate limits and bad credentials.</summary>
public class TailscaleCollectionTests
{
    private static readonly string From = "2024-01-02T10:00:00Z";

    [Fact]
    public async Task Configuration_entries_are_written_with_eventTime_as_the_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v2/tailnet/example.com/logging/configuration", _ => FakeResponse.Json(PluginTestFiles.Read("configuration.json")));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, $"from: \"{From}\"\nmax_pages: 1"), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "0a3d8d2fa4f1e4a1c9bd5fa9f4c5b1e2" }, cycle.EventField("eventGroupID"));
        Assert.StartsWith("2024-01-02T10:15:30.513", cycle.Envelopes[0].GetProperty("ts").GetString());
        Assert.Equal("2024-01-02T11:00:00Z", cycle.State["window_end"]);
    }

    [Fact]
    public async Task Network_flow_logs_come_from_their_own_endpoint_with_logged_as_the_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v2/tailnet/-/logging/network", _ => FakeResponse.Json(PluginTestFiles.Read("network.json")));
        var config = Config(api, $"from: \"{From}\"\nmax_pages: 1").Replace("tailnet: example.com", "tailnet: \"-\"").Replace("log: configuration", "log: network");
        using var harness = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "nHmL7v4CNTRL" }, cycle.EventField("nodeId"));
        Assert.StartsWith("2024-01-02T10:16:00.123", cycle.Envelopes[0].GetProperty("ts").GetString());
    }

    [Fact]
    public async Task A_rate_limited_window_is_retried_and_its_entries_are_written_once()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet("/api/v2/tailnet/example.com/logging/configuration", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("""{"message":"rate limited"}""", 429).WithHeader("Retry-After", "0")
            : FakeResponse.Json(PluginTestFiles.Read("configuration.json")));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, $"from: \"{From}\"\nmax_pages: 1"), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(2, cycle.Requests.Count);
        Assert.Equal(cycle.Requests[0].QueryString, cycle.Requests[1].QueryString);
        Assert.Single(cycle.Lines);
    }

    [Fact]
    public async Task A_bad_key_fails_the_cycle_and_the_window_is_asked_again_next_time()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v2/tailnet/example.com/logging/configuration", _ => FakeResponse.Json("""{"message":"API token invalid"}""", 401));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, $"from: \"{From}\""), api, new TestEnvironment());

        var cycles = await harness.RunCyclesAsync(2);

        Assert.Contains("401", cycles[0].Error);
        Assert.DoesNotContain("tskey-api-k123", cycles[0].Error);
        Assert.False(cycles[0].State.ContainsKey("window_end"));
        Assert.Equal("2024-01-02T10:00:00Z", cycles[1].Requests[0].Param("start"));
    }
}
