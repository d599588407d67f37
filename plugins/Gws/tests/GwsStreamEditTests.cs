using System.Globalization;
using Helr.PluginSdk.Time;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// A source pointed at another stream (application, user_key, customer_id, url; Cloud Logging's
/// resource_names and filter) while the old stream's window_end or unfinished window is stored.
/// </summary>
public sealed class GwsStreamEditTests
{
    private const string Warning = "changed since the stored window_end was written";

    private static string Reports(FakeVendorServer api, string application, DateTimeOffset from, string extra = "") => $"""
        application: {application}
        url: {api.Url("/")}
        from: "{from:yyyy-MM-dd'T'HH:mm:ss'Z'}"
        lag_secs: 3600
        auth:
          type: bearer
          token_env: GWS_ACCESS_TOKEN
        {extra}
        """;

    private static string PathOf(string application) => $"/admin/reports/v1/activity/users/all/applications/{application}";

    private static async Task<IReadOnlyDictionary<string, string>> Collect(FakeVendorServer api, string config)
    {
        using var harness = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());
        Assert.Null((await harness.RunCycleAsync()).Error);
        return harness.State;
    }

    [Fact]
    public async Task A_switch_to_another_application_starts_it_as_a_first_run_and_loses_none_of_its_activities()
    {
        var now = DateTimeOffset.UtcNow;
        var from = Rfc3339.TruncateToSeconds(now.AddHours(-6));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("login"), new FakeReports().Deliver(now.AddHours(-3), "l1").Answer);
        api.OnGet(PathOf("admin"), new FakeReports().Deliver(now.AddHours(-2), "a2").Deliver(now.AddHours(-5), "a1").Answer);
        var saved = await Collect(api, Reports(api, "login", from));
        var oldEnd = DateTimeOffset.Parse(saved["window_end"], CultureInfo.InvariantCulture);

        // The user switches the source from login to admin activities and restarts helr.
        using var after = SourceHarness.Create(new GwsSourceType(), Reports(api, "admin", from), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "a2", "a1" }, cycle.Qualifiers());
        // The admin log is asked from `from`, as a first run is, not from the login log's window_end − lag.
        Assert.Equal(from, GwsOverlapTests.Param(cycle.Requests[0], "startTime"));
        Assert.Contains(cycle.Log, l => l.Contains(Warning, StringComparison.Ordinal));
        Assert.NotEqual(saved["window_end_query"], cycle.State["window_end_query"]);
        Assert.True(DateTimeOffset.Parse(cycle.State["window_end"], CultureInfo.InvariantCulture) >= oldEnd);

        // The next cycle goes on with the admin log's own windows.
        var next = await after.RunCycleAsync();
        Assert.Null(next.Error);
        Assert.Empty(next.Qualifiers());
        Assert.DoesNotContain(next.Log, l => l.Contains(Warning, StringComparison.Ordinal));
        if (next.Requests.Count > 0) Assert.True(GwsOverlapTests.Param(next.Requests[0], "startTime") > from);
    }

    [Fact]
    public async Task A_switch_of_application_mid_window_drops_the_old_window_and_its_page_token()
    {
        var now = DateTimeOffset.UtcNow;
        var from = Rfc3339.TruncateToSeconds(now.AddHours(-6));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("login"), new FakeReports().Deliver(now.AddHours(-3), "l2").Deliver(now.AddHours(-4), "l1").Answer);
        // a2 is newer than the login page written (l2) and older than where the next window starts (its end − lag).
        api.OnGet(PathOf("admin"), new FakeReports().Deliver(now.AddHours(-2.5), "a2").Deliver(now.AddHours(-4.5), "a1").Answer);
        var saved = await Collect(api, Reports(api, "login", from, "max_results: 1\nmax_pages: 1"));
        Assert.False(string.IsNullOrEmpty(saved.GetValueOrDefault("page_token")));

        using var after = SourceHarness.Create(new GwsSourceType(), Reports(api, "admin", from), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Null(cycle.Requests[0].Param("pageToken"));
        Assert.Equal(from, GwsOverlapTests.Param(cycle.Requests[0], "startTime"));
        // Not narrowed to the old window's edge (the login activity l2 written): all of the admin log's window.
        Assert.Equal(new[] { "a2", "a1" }, cycle.Qualifiers());
        Assert.Equal("", cycle.State.GetValueOrDefault("page_token", ""));
        Assert.Equal("", cycle.State.GetValueOrDefault("window_edge", ""));
    }

    [Fact]
    public async Task An_edited_event_name_keeps_the_window_end()
    {
        var now = DateTimeOffset.UtcNow;
        var from = Rfc3339.TruncateToSeconds(now.AddHours(-6));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("login"), new FakeReports().Deliver(now.AddHours(-3), "l1").Answer);
        var saved = await Collect(api, Reports(api, "login", from));
        var oldEnd = DateTimeOffset.Parse(saved["window_end"], CultureInfo.InvariantCulture);

        using var after = SourceHarness.Create(new GwsSourceType(), Reports(api, "login", from, "event_name: login_failure\nfilters: login_type==saml"), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains(Warning, StringComparison.Ordinal));
        if (cycle.Requests.Count > 0) Assert.Equal(oldEnd.AddHours(-1), GwsOverlapTests.Param(cycle.Requests[0], "startTime"));
        Assert.Equal(saved["window_end_query"], after.State["window_end_query"]);
    }

    [Fact]
    public async Task A_window_end_stored_by_an_earlier_version_is_continued()
    {
        var now = DateTimeOffset.UtcNow;
        var from = Rfc3339.TruncateToSeconds(now.AddHours(-6));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(PathOf("login"), new FakeReports().Answer);
        var saved = await Collect(api, Reports(api, "login", from));
        Assert.False(string.IsNullOrEmpty(saved.GetValueOrDefault("window_end_query")));
        var earlier = Rfc3339.TruncateToSeconds(now.AddHours(-2));

        using var upgraded = SourceHarness.Create(new GwsSourceType(), Reports(api, "login", from), api, new TestEnvironment());
        upgraded.SetState("window_end", Rfc3339.Format(earlier));
        upgraded.SetState("window_end_query", "");
        var cycle = await upgraded.RunCycleAsync();

        Assert.Equal(earlier.AddHours(-1), GwsOverlapTests.Param(cycle.Requests[0], "startTime"));
        Assert.DoesNotContain(cycle.Log, l => l.Contains(Warning, StringComparison.Ordinal));
        Assert.Equal(saved["window_end_query"], cycle.State["window_end_query"]);
    }

    [Fact]
    public async Task A_cloud_logging_filter_for_another_log_starts_it_as_a_first_run()
    {
        var from = Rfc3339.TruncateToSeconds(DateTimeOffset.UtcNow.AddHours(-3));
        var older = Rfc3339.TruncateToSeconds(DateTimeOffset.UtcNow.AddHours(-2)).AddMilliseconds(250);
        var entry = $$"""{"insertId":"d1","logName":"projects/p/logs/data_access","timestamp":"{{FakeReports.Time(older)}}"}""";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/v2/entries:list", r => r.Body.Contains("data_access", StringComparison.Ordinal)
            ? FakeResponse.Json($$"""{"entries":[{{entry}}]}""")
            : FakeResponse.Json("{}"));
        string Config(string filter, string names = "[projects/p]") => $"""
            api: cloud_logging
            resource_names: {names}
            filter: '{filter}'
            url: {api.Url("/")}
            from: "{from:yyyy-MM-dd'T'HH:mm:ss'Z'}"
            auth:
              type: bearer
              token_env: GWS_ACCESS_TOKEN
            """;
        var saved = await Collect(api, Config("logName:activity"));

        using var after = SourceHarness.Create(new GwsSourceType(), Config("logName:data_access"), api, new TestEnvironment());
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Single(cycle.Lines);
        using var body = System.Text.Json.JsonDocument.Parse(cycle.Requests[0].Body);
        Assert.StartsWith($"(logName:data_access) AND timestamp>=\"{Rfc3339.Format(from)}\"", body.RootElement.GetProperty("filter").GetString());
        Assert.Contains(cycle.Log, l => l.Contains(Warning, StringComparison.Ordinal));

        // The same resources listed in another order are the same stream.
        var both = await Collect(api, Config("logName:data_access", "[projects/p, projects/q]"));
        using var reordered = SourceHarness.Create(new GwsSourceType(), Config("logName:data_access", "[projects/q, projects/p]"), api, new TestEnvironment());
        foreach (var (key, value) in both) reordered.SetState(key, value);
        var end = DateTimeOffset.Parse(both["window_end"], CultureInfo.InvariantCulture).AddMinutes(-10);
        reordered.SetState("window_end", Rfc3339.Format(end));
        var same = await reordered.RunCycleAsync();
        using var continued = System.Text.Json.JsonDocument.Parse(same.Requests[0].Body);
        Assert.StartsWith($"(logName:data_access) AND timestamp>=\"{Rfc3339.Format(end.AddSeconds(-120))}\"", continued.RootElement.GetProperty("filter").GetString());
        Assert.DoesNotContain(same.Log, l => l.Contains(Warning, StringComparison.Ordinal));
    }
}
