using System.Globalization;
using System.Text.Json;
using Helr.Plugins.OnePassword.Tests.Support;
using static Helr.Plugins.OnePassword.Tests.OnePasswordCollectionTests;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>A source's events, region or url edited while a cursor of the old endpoint is stored.</summary>
public class OnePasswordEndpointEditTests
{
    private const string Cursor2 = "bmV4dCBjdXJzb3IgYWZ0ZXIgdGhlIGxhc3QgcGFnZQo";

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string Config(FakeVendorServer api, string events, string url) => $"""
        events: {events}
        url: {url}
        auth:
          type: bearer
          token_env: OP_EVENTS_TOKEN
        """;

    // Sign-in attempts, oldest first: one older than the audit events' newest (16:40:11), one newer.
    private static readonly (string Uuid, string At)[] SignIns =
    {
        ("SIGNIN0900AAAAAAAAAAAAAAAA", "2023-03-15T09:00:00Z"),
        ("SIGNIN1701AAAAAAAAAAAAAAAA", "2023-03-15T17:01:00Z"),
    };

    // An endpoint refuses another endpoint's cursor; a reset cursor gets every attempt at or after its start_time.
    private static FakeResponse SignInAttempts(RecordedRequest r)
    {
        using var body = JsonDocument.Parse(r.Body);
        if (body.RootElement.TryGetProperty("cursor", out _)) return FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400);
        var start = At(body.RootElement.GetProperty("start_time").GetString()!);
        var items = SignIns.Where(s => At(s.At) >= start).Select(s => $$"""{"uuid":"{{s.Uuid}}","timestamp":"{{s.At}}"}""");
        return FakeResponse.Json($$"""{"cursor":"signin-end","has_more":false,"items":[{{string.Join(",", items)}}]}""");
    }

    private static async Task<IReadOnlyDictionary<string, string>> CollectAuditEvents(FakeVendorServer api, ManualClock clock)
    {
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "auditevents", api.Url("/")), api, new TestEnvironment());
        harness.Time = clock;
        var cycle = await harness.RunCycleAsync();
        Assert.Null(cycle.Error);
        Assert.Equal(Cursor2, cycle.State["cursor"]);
        Assert.Equal("2023-03-15T16:40:11Z", cycle.State["watermark"]);
        return harness.State;
    }

    [Fact]
    public async Task A_switch_to_another_event_type_starts_it_as_a_first_run_and_loses_none_of_its_events()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", TwoPages);
        api.OnPost("/api/v2/signinattempts", SignInAttempts);
        var clock = new ManualClock(At("2023-03-15T17:00:00Z"));
        var saved = await CollectAuditEvents(api, clock);

        // The user switches the source to sign-in attempts and restarts helr.
        clock.Now = At("2023-03-15T17:05:00Z");
        using var after = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "signinattempts", api.Url("/")), api, new TestEnvironment());
        after.Time = clock;
        foreach (var (key, value) in saved) after.SetState(key, value);
        var cycle = await after.RunCycleAsync();

        Assert.Null(cycle.Error);
        // The audit events' cursor is not sent to the sign-in endpoint, and its start is a first run's (lookback_secs ago), not 16:40:11.
        Assert.All(cycle.Requests, r => Assert.DoesNotContain("\"cursor\"", r.Body, StringComparison.Ordinal));
        Assert.Equal("""{"limit":1000,"start_time":"2023-03-14T17:05:00Z"}""", cycle.Requests[0].Body);
        Assert.Equal(SignIns.Select(s => s.Uuid), cycle.EventField("uuid"));
        Assert.Contains(cycle.Log, l => l.Contains("changed since the stored cursor was made", StringComparison.Ordinal));
        Assert.Equal("signin-end", cycle.State["cursor"]);
        Assert.Equal("2023-03-15T17:01:00Z", cycle.State["watermark"]);

        // The next cycle continues the sign-in endpoint's own cursor.
        clock.Now = At("2023-03-15T17:06:00Z");
        var next = await after.RunCycleAsync();
        Assert.Equal("""{"cursor":"signin-end"}""", next.Requests[0].Body);
        Assert.DoesNotContain(next.Log, l => l.Contains("changed since the stored cursor was made", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_stored_by_an_earlier_version_or_the_same_endpoint_spelled_otherwise_is_resumed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/api/v2/auditevents", TwoPages);
        var clock = new ManualClock(At("2023-03-15T17:00:00Z"));
        var saved = await CollectAuditEvents(api, clock);
        Assert.False(string.IsNullOrEmpty(saved.GetValueOrDefault("cursor_query")));

        // The endpoint's own URL instead of the base URL: the same endpoint.
        using (var spelled = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "auditevents", api.Url("/api/v2/auditevents")), api, new TestEnvironment()))
        {
            spelled.Time = clock;
            foreach (var (key, value) in saved) spelled.SetState(key, value);
            var cycle = await spelled.RunCycleAsync();
            Assert.Equal($$"""{"cursor":"{{Cursor2}}"}""", cycle.Requests[0].Body);
        }

        // State written before cursor_query existed.
        using var upgraded = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "auditevents", api.Url("/")), api, new TestEnvironment());
        upgraded.Time = clock;
        foreach (var (key, value) in saved.Where(p => p.Key != "cursor_query")) upgraded.SetState(key, value);
        var resumed = await upgraded.RunCycleAsync();
        Assert.Equal($$"""{"cursor":"{{Cursor2}}"}""", resumed.Requests[0].Body);
        Assert.Equal(saved["cursor_query"], resumed.State["cursor_query"]);
    }
}
