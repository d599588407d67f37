using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

public class JsonEventExtractorErrorTests
{
    private static EventFormatException Fails(string body, List<Range>? ranges = null)
    {
        ranges ??= new List<Range>();
        var ex = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(Encoding.UTF8.GetBytes(body), ranges));
        Assert.Empty(ranges);
        return ex;
    }

    [Theory]
    [InlineData("""[{"a": 1}, {"b": """)]
    [InlineData("""{"items": [1, 2""")]
    [InlineData("""[{"a": 1}""")]
    [InlineData("not json")]
    [InlineData("""{"a": 1,}""")]
    [InlineData("""[1] [2]""")]
    [InlineData("")]
    [InlineData("   ")]
    public void Malformed_or_truncated_body_emits_nothing(string body) => Fails(body);

    [Fact]
    public void Invalid_json_names_the_problem() =>
        Assert.StartsWith("response is not valid JSON", Fails("[1, oops]").Message);

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    public void Extremely_deep_nesting_is_a_format_error_not_a_crash(string open, string close)
    {
        const int depth = 100_000;
        var body = new StringBuilder(depth * (open.Length + close.Length) + 1);
        body.Insert(0, open, depth).Append('1').Insert(body.Length, close, depth);
        Fails(body.ToString());
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        var depth = DottedPath.MaxDepth;
        var body = new string('[', depth) + new string(']', depth);
        var ranges = new List<Range>();
        new JsonEventExtractor().Extract(Encoding.UTF8.GetBytes(body), ranges);
        Assert.Single(ranges);
    }

    [Theory]
    [InlineData("[1, oops]", "response is not valid JSON: expected a value at byte 4, found 'o'")]
    [InlineData("[1,]", "response is not valid JSON: expected a value at byte 3, found ']'")]
    [InlineData("{\"a\" 1}", "response is not valid JSON: expected ':' at byte 5, found '1'")]
    [InlineData("[01]", "response is not valid JSON: expected ',' or ']' at byte 2, found '1'")]
    [InlineData("[1.]", "response is not valid JSON: expected a digit after '.' at byte 3, found ']'")]
    [InlineData("[\"a\u0001\"]", "response is not valid JSON: unescaped control character 0x01 in a string at byte 3")]
    [InlineData("[\"a\\x\"]", "response is not valid JSON: invalid escape sequence in a string at byte 3: '\\' followed by 'x'")]
    [InlineData("[\"\\u12G4\"]", "response is not valid JSON: expected a hex digit in a \\u escape at byte 6, found 'G'")]
    [InlineData("[tru]", "response is not valid JSON: expected 'true' at byte 4, found ']'")]
    [InlineData("[1] [2]", "response has data after the JSON document: '[' at byte 4")]
    [InlineData("[{\"a\":", "response is not valid JSON: the response ends before the JSON document is complete (expected a value at byte 6)")]
    [InlineData("[\"ab", "response is not valid JSON: the response ends before the JSON document is complete (expected the end of a string at byte 4)")]
    [InlineData("-", "response is not valid JSON: the response ends before the JSON document is complete (expected a digit at byte 1)")]
    [InlineData(" \r\n", "response body is empty")]
    public void Messages_say_what_was_expected_and_where(string body, string message)
    {
        var ex = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(Encoding.UTF8.GetBytes(body), new List<Range>()));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Too_deep_says_maximum_depth()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 300));
        var ex = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(body, new List<Range>()));
        Assert.Equal("response is not valid JSON: nesting at byte 256 exceeds the maximum depth of 256", ex.Message);
    }
}
