using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

public class JsonEventExtractorTests
{
    internal static string[] Extract(string body, string? eventsPath = null, string? objectPath = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ranges = new List<Range>();
        new JsonEventExtractor(eventsPath, objectPath).Extract(bytes, ranges);
        return ranges.Select(r => Encoding.UTF8.GetString(bytes.AsSpan()[r])).ToArray();
    }

    [Fact]
    public void Top_level_array_yields_each_element_byte_for_byte()
    {
        const string body = """[ {"a" : 1,  "b":[1,{"c":2}]} , "s\u0041", 3.10, null, [1, [2]], true ]""";
        Assert.Equal(new[] { """{"a" : 1,  "b":[1,{"c":2}]}""", "\"s\\u0041\"", "3.10", "null", "[1, [2]]", "true" }, Extract(body));
    }

    [Fact]
    public void Ranges_are_byte_offsets_into_multibyte_utf8()
    {
        Assert.Equal(new[] { """{"m":"héllo"}""", """{"m":"日本"}""", "\"🙂\"" }, Extract("""[{"m":"héllo"},{"m":"日本"},"🙂"]"""));
    }

    [Fact]
    public void Empty_array_yields_nothing() => Assert.Empty(Extract("[]"));

    [Theory]
    [InlineData("""{"events": [1], "data": [2], "items": [3]}""", "3")]
    [InlineData("""{"entries": [5], "logs": [4], "events": [3], "data": [2]}""", "2")]
    [InlineData("""{"data": {"not": "an array"}, "events": [3]}""", "3")]
    [InlineData("""{"next": "x", "logs": [4], "entries": [5]}""", "4")]
    [InlineData("""{"entries": [5]}""", "5")]
    public void Object_body_uses_the_first_known_key_in_priority_order(string body, string expected) =>
        Assert.Equal(new[] { expected }, Extract(body));

    [Theory]
    [InlineData("""  {"id": 1, "data": "x"}  """, """{"id": 1, "data": "x"}""")]
    [InlineData("42", "42")]
    [InlineData("\"text\"", "\"text\"")]
    public void Body_without_an_events_array_is_one_event(string body, string expected) =>
        Assert.Equal(new[] { expected }, Extract(body));

    [Fact]
    public void Events_path_selects_a_nested_array()
    {
        const string body = """{"items": [0], "result": {"records": [{"id": 1}, {"id": 2}]}}""";
        Assert.Equal(new[] { """{"id": 1}""", """{"id": 2}""" }, Extract(body, eventsPath: "result.records"));
    }

    [Theory]
    [InlineData("""{"result": {"records": {"id": 1}}}""")]
    [InlineData("""{"result": {}}""")]
    [InlineData("""[1, 2]""")]
    public void Events_path_that_is_not_an_array_is_a_format_error(string body)
    {
        var ex = Assert.Throws<EventFormatException>(() => Extract(body, eventsPath: "result.records"));
        Assert.Equal("response_events_path \"result.records\" did not resolve to an array", ex.Message);
    }

    [Fact]
    public void Object_path_unwraps_elements_and_drops_unresolved_ones()
    {
        const string body = """{"records": [{"event": {"id": 1}}, {"other": 2}, 7, {"event": "x"}]}""";
        Assert.Equal(new[] { """{"id": 1}""", "\"x\"" }, Extract(body, eventsPath: "records", objectPath: "event"));
    }

    [Fact]
    public void Object_path_alone_uses_the_root_array_or_a_known_key()
    {
        Assert.Equal(new[] { "1" }, Extract("""[{"e": 1}, {"f": 2}]""", objectPath: "e"));
        Assert.Equal(new[] { "1" }, Extract("""{"data": [{"e": {"x": 1}}, {"e": 2}]}""", objectPath: "e.x"));
        Assert.Equal(new[] { "{\"x\": 1}", "2" }, Extract("""{"data": [{"e": {"x": 1}}, {"e": 2}]}""", objectPath: "e"));
    }

    [Theory]
    [InlineData("""{"id": 1}""", "response has no top-level array or known events key (items/data/events/logs/entries)")]
    [InlineData("5", "response root is not an object or array")]
    public void Object_path_needs_an_array(string body, string message) =>
        Assert.Equal(message, Assert.Throws<EventFormatException>(() => Extract(body, objectPath: "e")).Message);

    [Fact]
    public void Appends_after_ranges_already_in_the_list()
    {
        var bytes = """[{"e": 1}, {"x": 2}, {"e": 3}]"""u8.ToArray();
        var ranges = new List<Range> { new(0, 1) };
        new JsonEventExtractor(objectPath: "e").Extract(bytes, ranges);
        Assert.Equal(new Range(0, 1), ranges[0]);
        Assert.Equal(new[] { "1", "3" }, ranges.Skip(1).Select(r => Encoding.UTF8.GetString(bytes.AsSpan()[r])));
    }
}
