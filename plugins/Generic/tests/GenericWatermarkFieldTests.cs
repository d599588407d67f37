using Helr.Plugins.Generic.Tests.Support;

namespace Helr.Plugins.Generic.Tests;

/// <summary>A watermark_field that names nothing on the events is said once, not left to repeat every cycle in silence.</summary>
public class GenericWatermarkFieldTests
{
    // "id" is an object here ("id.time" was meant): the watermark never moved and every cycle read from the start again.
    [Fact]
    public async Task A_watermark_field_found_on_no_event_is_warned_about_once_naming_source_and_field()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":{"time":"2024-01-01T00:00:00Z","uniqueQualifier":"1"}}]"""));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            state:
              watermark_field: id
              watermark_param: since
            """, api, new FakeEnvironment(), sourceId: "gws_admin");

        var cycles = await harness.RunCyclesAsync(3);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.False(cycles[2].State.ContainsKey("watermark"));
        var warning = Assert.Single(cycles.SelectMany(c => c.Log), l => l.Contains("watermark_field", StringComparison.Ordinal));
        Assert.StartsWith("WARNING", warning, StringComparison.Ordinal);
        Assert.Contains("gws_admin", warning, StringComparison.Ordinal);
        Assert.Contains("\"id\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watermark_field_found_on_the_events_is_not_warned_about()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":{"time":"2024-01-01T00:00:00Z"}}]"""));
        using var harness = SourceHarness.Create(new GenericSourceType(), $"""
            url: {api.Url("/logs")}
            state:
              watermark_field: id.time
              watermark_param: since
            """, api, new FakeEnvironment());

        var cycle = await harness.RunCycleAsync();

        Assert.Equal("2024-01-01T00:00:00Z", cycle.State["watermark"]);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("watermark_field", StringComparison.Ordinal));
    }
}
