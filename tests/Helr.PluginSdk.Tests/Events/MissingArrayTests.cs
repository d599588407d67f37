using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

/// <summary><see cref="JsonEventExtractor.MissingArrayIsEmpty"/>: Google leaves <c>items</c> out of an empty answer.</summary>
public class MissingArrayTests
{
    private static string[] Extract(string body, bool missingIsEmpty)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ranges = new List<Range>();
        new JsonEventExtractor("items") { MissingArrayIsEmpty = missingIsEmpty }.Extract(bytes, ranges);
        return ranges.Select(r => Encoding.UTF8.GetString(bytes.AsSpan()[r])).ToArray();
    }

    [Theory]
    [InlineData("""{"kind": "admin#reports#activities"}""")]
    [InlineData(""" {"items": null} """)]
    public void An_absent_or_null_array_is_no_events_when_asked(string body)
    {
        Assert.Empty(Extract(body, missingIsEmpty: true));
        Assert.Throws<EventFormatException>(() => Extract(body, missingIsEmpty: false));
    }

    [Theory]
    [InlineData("""{"items": {"a": 1}}""")]
    [InlineData("""["not", "an", "object"]""")]
    [InlineData("""{"items": [1,""")]
    public void Anything_else_than_an_array_or_an_object_body_is_still_an_error(string body) =>
        Assert.Throws<EventFormatException>(() => Extract(body, missingIsEmpty: true));

    [Fact]
    public void An_array_is_read_as_usual() =>
        Assert.Equal(new[] { """{"a":1}""" }, Extract("""{"items": [{"a":1}]}""", missingIsEmpty: true));
}
