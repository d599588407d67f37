using System.Text.Json;
using Helr.Plugins.Gws.Tests.Support;
using static Helr.Plugins.Gws.Tests.GwsOverlapTests;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// <c>on_parse_error: skip</c>: the next page token is in the body, so a page that cannot be read ends
/// the cycle where it is and is asked for again; its window is never stored as complete (docs/collection.md).
/// </summary>
public class GwsParseErrorTests
{
    [Theory]
    // Google writes nextPageToken before items: cut off inside items, the token past the page can still be read.
    [InlineData("""{"kind":"admin#reports#activities","nextPageToken":"p:2","items":[{"kind":"admin#reports#activity","id":{"ti""")]
    // A proxy's error page served with 200: not JSON at all.
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public async Task An_unreadable_page_of_a_window_is_asked_for_again_next_cycle_and_its_activities_are_written_then(string unreadable)
    {
        var now = DateTimeOffset.UtcNow;
        var reports = new FakeReports()
            .Deliver(now.AddHours(-2), "q3").Deliver(now.AddHours(-3), "q2").Deliver(now.AddHours(-4), "q1");
        await using var api = await FakeVendorServer.StartAsync();
        var broken = true;
        api.OnGet(LoginPath, r => broken && r.Param("pageToken") == "p:1" ? FakeResponse.Json(unreadable) : reports.Answer(r));
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api, now.AddHours(-5), "max_results: 1\non_parse_error: skip"), api, new TestEnvironment());

        var skipped = await harness.RunCycleAsync();

        Assert.Null(skipped.Error);
        Assert.Equal(new[] { "q3" }, skipped.Qualifiers());
        Assert.Equal("p:1", skipped.State["page_token"]); // still the token of the unread page
        Assert.False(skipped.State.ContainsKey("window_end")); // the window is not complete
        var third = (await harness.RunCyclesAsync(2))[^1];
        Assert.Contains(third.Log, l => l.Contains("is unhealthy", StringComparison.Ordinal)); // held at the page, not moving on

        broken = false;
        var next = await harness.RunCycleAsync();

        Assert.Null(next.Error);
        Assert.Equal("p:1", next.Requests[0].Param("pageToken"));
        Assert.Equal(new[] { "q2", "q1" }, next.Qualifiers());
        Assert.True(next.State.ContainsKey("window_end"));
    }

    [Fact]
    public async Task A_cloud_logging_page_cut_off_inside_entries_does_not_store_its_window_as_complete()
    {
        var from = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var at = DateTimeOffset.UtcNow.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var whole = $$"""{"entries":[{"insertId":"e1","timestamp":"{{at}}"},{"insertId":"e2","timestamp":"{{at}}"}]}""";
        await using var api = await FakeVendorServer.StartAsync();
        var broken = true;
        api.OnPost("/v2/entries:list", _ => FakeResponse.Json(broken ? whole[..^20] : whole));
        var config = $"""
            api: cloud_logging
            resource_names: [projects/my-project]
            url: {api.Url("/")}
            from: "{from}"
            on_parse_error: skip
            auth:
              type: bearer
              token_env: GWS_ACCESS_TOKEN
            """;
        using var harness = SourceHarness.Create(new GwsSourceType(), config, api, new TestEnvironment());

        var skipped = await harness.RunCycleAsync();

        Assert.Null(skipped.Error);
        Assert.Empty(skipped.Lines);
        Assert.False(skipped.State.ContainsKey("window_end"));

        broken = false;
        var next = await harness.RunCycleAsync();

        Assert.Equal(new[] { "e1", "e2" }, next.EventField("insertId"));
        using var request = JsonDocument.Parse(next.Requests[0].Body);
        Assert.Contains($"timestamp>=\"{from}\"", request.RootElement.GetProperty("filter").GetString());
    }
}
