using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>Where the events sit in a response: explicit paths, the default array keys, or the whole body.</summary>
public sealed class EventExtractionTests
{
    private static async Task<HelrResult> CollectAsync(string body, string extraKeys = "")
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/events", _ => FakeResponse.Json(body));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/events")}
            {extraKeys}
            """);
        return await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
    }

    [Theory]
    [InlineData("items")]
    [InlineData("data")]
    [InlineData("events")]
    [InlineData("logs")]
    [InlineData("entries")]
    public async Task Finds_the_events_under_each_default_key(string key)
    {
        var result = await CollectAsync($$"""{"count":2,"{{key}}":[{"id":"1"},{"id":"2"}],"next":null}""");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task Default_keys_are_tried_in_priority_order_and_must_hold_an_array()
    {
        // "events" comes first in the document, but "data" is earlier in the priority list; "items" is no array.
        var result = await CollectAsync("""{"events":[{"id":"from-events"}],"items":{"id":"not-an-array"},"data":[{"id":"from-data"}]}""");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "from-data" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_top_level_array_is_the_events()
    {
        var result = await CollectAsync("""[{"id":"1"},{"id":"2"},{"id":"3"}]""");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2", "3" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task An_object_without_a_known_array_is_one_event()
    {
        const string body = """{"id":"whole","records":[{"id":"inner"}]}""";
        var result = await CollectAsync(body);
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Lines);
        Assert.Equal(body, line.GetProperty("event").GetRawText());
    }

    [Fact]
    public async Task Response_events_path_selects_a_nested_array()
    {
        var result = await CollectAsync(
            """{"items":[{"id":"decoy"}],"result":{"page":{"records":[{"id":"r1"},{"id":"r2"}]}}}""",
            "    response_events_path: result.page.records");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "r1", "r2" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task Response_event_object_path_unwraps_each_element_and_drops_those_without_it()
    {
        var result = await CollectAsync(
            """{"data":{"edges":[{"cursor":"a","node":{"id":"n1"}},{"cursor":"b"},{"cursor":"c","node":{"id":"n3"}}]}}""",
            "    response_events_path: data.edges\n    response_event_object_path: node");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "n1", "n3" }, result.Lines.EventField("id"));
        Assert.Equal("""{"id":"n1"}""", result.Lines[0].GetProperty("event").GetRawText());
    }

    [Fact]
    public async Task Response_event_object_path_alone_applies_to_the_default_array()
    {
        var result = await CollectAsync(
            """{"entries":[{"jsonPayload":{"id":"j1"}},{"jsonPayload":{"id":"j2"}}]}""",
            "    response_event_object_path: jsonPayload");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "j1", "j2" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_response_events_path_that_is_no_array_fails_the_cycle_and_emits_nothing()
    {
        var result = await CollectAsync("""{"result":{"records":{"id":"r1"}}}""", "    response_events_path: result.records");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Contains("response_events_path \"result.records\" did not resolve to an array", result.Stderr);
    }
}
