using System.Text;
using Helr.PluginSdk.Events;
using Xunit;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>Scanning a body in pieces as it arrives finds exactly what a one-shot extraction finds.</summary>
public sealed class JsonEventScannerTests
{
    public static TheoryData<string> Bodies() => new()
    {
        """[{"a":1,"n":{"x":[1,2,{"y":"]}"}]}},{"a":2},3,"s",null,[1,[2]]]""",
        """{"meta":{"items":"no"},"data":[{"d":1}],"items":[{"i":1},{"i":2}],"logs":[{"l":1}]}""",
        """{"next":"c2","events":[],"entries":[{"e":1}]}""",
        """  {"no":"array","here":{"deep":[1,2,3]}}  """,
        "\"just a string\"",
        "[\n  {\n    \"pretty\": \"printed\\u00e9\"\n  },\n  {\"b\": \"x\\\"y\"}\n]\n",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Any_chunking_gives_the_one_shot_result(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var expected = new List<Range>();
        new JsonEventExtractor().Extract(body, expected);
        foreach (var chunk in new[] { 1, 2, 3, 7, 16, 1000 })
        {
            var scan = new JsonEventExtractor().StartScan();
            for (var end = chunk; end < body.Length; end += chunk) scan.Advance(body.AsSpan(0, end));
            var actual = new List<Range>();
            scan.Complete(body, actual);
            Assert.Equal(expected.Select(r => json[r]), actual.Select(r => json[r]));
        }
    }

    [Fact]
    public void Nothing_is_handed_out_when_the_body_turns_out_truncated()
    {
        var body = Encoding.UTF8.GetBytes("""[{"a":1},{"a":2},{"a":""");
        var scan = new JsonEventExtractor().StartScan();
        scan.Advance(body);
        var events = new List<Range>();
        var ex = Assert.Throws<EventFormatException>(() => scan.Complete(body, events));
        Assert.Contains("not valid JSON", ex.Message);
        Assert.Empty(events);
    }

    [Fact]
    public void A_document_missing_its_closing_bracket_is_rejected()
    {
        var body = Encoding.UTF8.GetBytes("""[{"a":1}""");
        var events = new List<Range>();
        Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(body, events));
        Assert.Empty(events);
    }

    [Fact]
    public void Object_path_unwraps_after_incremental_scan()
    {
        var body = Encoding.UTF8.GetBytes("""{"data":[{"node":{"id":1}},{"other":2},{"node":{"id":3}}]}""");
        var scan = new JsonEventExtractor(objectPath: "node").StartScan();
        scan.Advance(body.AsSpan(0, 20));
        var events = new List<Range>();
        scan.Complete(body, events);
        Assert.Equal(new[] { """{"id":1}""", """{"id":3}""" }, events.Select(r => Encoding.UTF8.GetString(body[r])));
    }

    [Fact]
    public void A_body_too_deep_is_reported_at_complete_not_while_arriving()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        var scan = new JsonEventExtractor().StartScan();
        scan.Advance(body.AsSpan(0, 4000));
        var events = new List<Range>();
        Assert.Throws<EventFormatException>(() => scan.Complete(body, events));
        Assert.Empty(events);
    }
}
