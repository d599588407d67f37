using System.Globalization;
using System.Text.Json;
using Helr.Plugins.OnePassword.Tests.Support;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>Where a reset cursor starts when the stored cursor is rejected before any traversal completed.</summary>
public class OnePasswordResetStartTests
{
    private const string Cursor1 = "aGVsbG8hIGlzIGl0IG1lIHlvdSBhcmUgbG9va2luZyBmb3IK";

    // Three events, oldest first; page 1 (the first two) comes from the test data.
    private static readonly (string Uuid, DateTimeOffset At)[] Events =
    {
        ("56YE2TYN2VFYRLNSHKPW5NVT5E", At("2023-03-15T16:33:50Z")),
        ("7OGLGMSQARAQ3IYYJ5FE2BEYBQ", At("2023-03-15T16:35:02Z")),
        ("TMVU3JZAQVH4PFUTTSXRN4NYAY", At("2023-03-15T16:40:11Z")),
    };

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string Config(FakeVendorServer api, string extra = "") => $"""
        events: auditevents
        url: {api.Url("/")}
        auth:
          type: bearer
          token_env: OP_EVENTS_TOKEN
        {extra}
        """;

    // The first reset cursor gets page 1 (has_more); Cursor1 has expired by the time it is sent; a later
    // reset cursor gets every event at or after its start_time in one page.
    private static FakeResponse Answer(RecordedRequest r, ref int resets)
    {
        using var body = JsonDocument.Parse(r.Body);
        if (body.RootElement.TryGetProperty("cursor", out _)) return FakeResponse.Json("""{"Error":{"Message":"Invalid cursor"}}""", 400);
        if (Interlocked.Increment(ref resets) == 1) return FakeResponse.Json(PluginTestFiles.Read("auditevents-page1.json"));
        var start = At(body.RootElement.GetProperty("start_time").GetString()!);
        var items = Events.Where(e => e.At >= start)
            .Select(e => $$"""{"uuid":"{{e.Uuid}}","timestamp":"{{e.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}"}""");
        return FakeResponse.Json($$"""{"cursor":"end","has_more":false,"items":[{{string.Join(",", items)}}]}""");
    }

    [Fact]
    public async Task A_cursor_rejected_days_later_before_any_traversal_completed_restarts_where_the_first_traversal_started()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var resets = 0;
        api.OnPost("/api/v2/auditevents", r => Answer(r, ref resets));
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), Config(api, "max_pages: 1"), api, new TestEnvironment());
        var clock = new ManualClock(At("2023-03-15T17:00:00Z"));
        harness.Time = clock;

        var first = await harness.RunCycleAsync();
        Assert.Equal(new[] { Events[0].Uuid, Events[1].Uuid }, first.EventField("uuid"));
        Assert.Equal(Cursor1, first.State["cursor"]);

        // Helr was stopped for three days; the stored cursor is rejected when it comes back.
        clock.Now = At("2023-03-18T17:00:00Z");
        var second = await harness.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Contains(Events[2].Uuid, second.EventField("uuid"));
        Assert.Equal("2023-03-14T17:00:00Z", JsonDocument.Parse(second.Requests[^1].Body).RootElement.GetProperty("start_time").GetString());
    }
}
