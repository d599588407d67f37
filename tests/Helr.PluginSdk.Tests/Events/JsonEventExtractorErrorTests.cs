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
}
