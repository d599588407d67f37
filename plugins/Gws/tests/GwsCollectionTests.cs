using System.Globalization;
using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>Documentation-shaped answers, empty windows, rate limits, bad credentials, lag defaults.</summary>
public class GwsCollectionTests
{
    [Fact]
    public async Task Documentation_shaped_pages_are_followed_by_page_token_with_the_same_window()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, r => r.Param("pageToken") is null
            ? FakeResponse.Json(PluginTestFiles.Read("login-activities.json"))
            : FakeResponse.Json(PluginTestFiles.Read("empty.json")));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "-4002873813067783265", "8177416547106011523" }, cycle.Qualifiers());
        Assert.Equal("2022-05-05T23:58:48.914Z", cycle.Envelopes[0].GetProperty("ts").GetString());
        Assert.Equal("-4002873813067783265", cycle.Envelopes[0].GetProperty("meta").GetProperty("id").GetString());
        Assert.All(cycle.Requests, r => Assert.Equal("Bearer ya29.gws-token", r.Header("Authorization")));
        Assert.Equal("1000", cycle.Requests[0].Param("maxResults"));
        Assert.Equal("A:1651795128914034:-4002873813067783265:151219070090:C02f6wppb", cycle.Requests[1].Param("pageToken"));
        Assert.Equal(cycle.Requests[0].Param("startTime"), cycle.Requests[1].Param("startTime"));
        Assert.Equal("2022-05-05T23:58:48.914Z", cycle.State["watermark"]);
    }

    [Fact]
    public async Task An_empty_window_without_items_moves_the_window_on()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, _ => FakeResponse.Json(PluginTestFiles.Read("empty.json")));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.Equal(Assert.Single(cycle.Requests).Param("endTime"), cycle.State["window_end"]);
    }

    [Fact]
    public async Task A_rate_limited_page_is_retried()
    {
        var reports = new FakeReports().Deliver(DateTimeOffset.UtcNow.AddHours(-2), "q1");
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet(LoginPath, r => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}""", 429).WithHeader("Retry-After", "0")
            : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "q1" }, cycle.Qualifiers());
    }

    [Fact]
    public async Task A_bad_token_fails_the_cycle_and_stores_nothing()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(LoginPath, _ => FakeResponse.Json("""{"error":{"code":401,"status":"UNAUTHENTICATED"}}""", 401));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, DateTimeOffset.UtcNow.AddHours(-5)), api, new TestEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("401", cycle.Error);
        Assert.DoesNotContain("ya29.gws-token", cycle.Error);
        Assert.False(cycle.State.ContainsKey("window_end"));
    }

    [Theory]
    [InlineData("login", 600)]
    [InlineData("calendar", 7200)]
    public async Task The_window_ends_the_applications_default_lag_before_now(string application, int lag)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet($"/admin/reports/v1/activity/users/all/applications/{application}", _ => FakeResponse.Json("{}"));
        var config = Config(api, DateTimeOffset.UtcNow.AddDays(-1)).Replace("application: login", $"application: {application}").Replace("lag_secs: 3600", "");
        using var harness = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());

        var request = Assert.Single((await harness.RunCycleAsync()).Requests);

        var behind = request.ReceivedAt - Param(request, "endTime");
        Assert.InRange(behind.TotalSeconds, lag, lag + 60);
    }
}
