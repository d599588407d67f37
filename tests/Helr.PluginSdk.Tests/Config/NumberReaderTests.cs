using Helr.PluginSdk.Config;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Config;

public class NumberReaderTests
{
    [Theory]
    [InlineData("5", 5L)]
    [InlineData("-3", -3L)]
    [InlineData("+7", 7L)]
    public void Integer_reads_plain_whole_numbers(string text, long expected)
    {
        var node = ConfigTree.Plain("n", text);
        Assert.Equal(expected, node.Integer("n"));
        Assert.Empty(node.Errors.All);
    }

    // Upstream's serde_yaml reads YAML 1.2's hexadecimal and octal integers (and 0b binary) as numbers.
    [Theory]
    [InlineData("0x10", 16L)]
    [InlineData("0xfF", 255L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("+0x10", 16L)]
    [InlineData("-0x10", -16L)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    public void Integer_reads_hexadecimal_octal_and_binary_as_upstream(string text, long expected)
    {
        var node = ConfigTree.Plain("n", text);
        Assert.Equal(expected, node.Integer("n"));
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("0x", "sources.s.n: expected a whole number, found '0x'")]
    [InlineData("0o8", "sources.s.n: expected a whole number, found '0o8'")]
    [InlineData("0X10", "sources.s.n: expected a whole number, found '0X10'")]
    [InlineData("0x1_0", "sources.s.n: expected a whole number, found '0x1_0'")]
    [InlineData("0x-1", "sources.s.n: expected a whole number, found '0x-1'")]
    [InlineData("0xFFFFFFFFFFFFFFFF", "sources.s.n: is too large: the largest whole number allowed is 9223372036854775807, found 0xFFFFFFFFFFFFFFFF")]
    public void Integer_rejects_what_upstream_does_not_read_as_an_integer(string text, string expected)
    {
        var node = ConfigTree.Plain("n", text);
        Assert.Null(node.Integer("n"));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Fact]
    public void Integer_checks_the_range_of_a_hexadecimal_value()
    {
        var node = ConfigTree.Plain("n", "0x10");
        Assert.Null(node.Integer("n", 1, 10));
        Assert.Equal(new[] { "sources.s.n: must be between 1 and 10, found 16" }, node.Messages());
    }

    [Fact]
    public void Integer_does_not_read_a_quoted_hexadecimal()
    {
        var node = ConfigTree.Source("""{"n": "0x10"}""");
        Assert.Null(node.Integer("n"));
        Assert.Equal(new[] { "sources.s.n: expected a whole number, found '0x10'" }, node.Messages());
    }

    [Theory]
    [InlineData("""{"n": "5"}""", "sources.s.n: expected a whole number, found '5'")]
    [InlineData("""{"n": "ten"}""", "sources.s.n: expected a whole number, found 'ten'")]
    [InlineData("""{"n": 1.5}""", "sources.s.n: expected a whole number, found '1.5'")]
    [InlineData("""{"n": {"a": 1}}""", "sources.s.n: expected a whole number, found a map")]
    [InlineData("""{"n": [1]}""", "sources.s.n: expected a whole number, found a list")]
    public void Integer_rejects_anything_else(string json, string expected)
    {
        var node = ConfigTree.Source(json);
        Assert.Null(node.Integer("n"));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Theory]
    [InlineData(long.MinValue, long.MaxValue, "18446744073709551615", "sources.s.n: is too large: the largest whole number allowed is 9223372036854775807, found 18446744073709551615")]
    [InlineData(1, long.MaxValue, "18446744073709551615", "sources.s.n: is too large: the largest whole number allowed is 9223372036854775807, found 18446744073709551615")]
    [InlineData(1, 10, "99999999999999999999", "sources.s.n: must be between 1 and 10, found 99999999999999999999")]
    [InlineData(long.MinValue, long.MaxValue, "-99999999999999999999", "sources.s.n: is too small: the smallest whole number allowed is -9223372036854775808, found -99999999999999999999")]
    [InlineData(0, long.MaxValue, "-99999999999999999999", "sources.s.n: must be at least 0, found -99999999999999999999")]
    public void Integer_names_the_limit_for_a_whole_number_past_a_long(long min, long max, string text, string expected)
    {
        var node = ConfigTree.Source($$"""{"n": {{text}}}""");
        Assert.Null(node.Integer("n", min, max));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Theory]
    [InlineData(0, 1, long.MaxValue, "sources.s.n: must be at least 1, found 0")]
    [InlineData(11, 1, 10, "sources.s.n: must be between 1 and 10, found 11")]
    [InlineData(0, 1, 10, "sources.s.n: must be between 1 and 10, found 0")]
    public void Integer_checks_its_range(long value, long min, long max, string expected)
    {
        var node = ConfigTree.Source($$"""{"n": {{value}}}""");
        Assert.Null(node.Integer("n", min, max));
        Assert.Equal(new[] { expected }, node.Messages());
    }

    [Fact]
    public void Integer_accepts_the_range_bounds()
    {
        var node = ConfigTree.Source("""{"a": 1, "b": 10}""");
        Assert.Equal(1, node.Integer("a", 1, 10));
        Assert.Equal(10, node.Integer("b", 1, 10));
        Assert.Empty(node.Errors.All);
    }

    [Fact]
    public void Integer_required()
    {
        var node = ConfigTree.Source("{}");
        Assert.Null(node.Integer("n", required: true));
        Assert.Equal(new[] { "sources.s.n: required" }, node.Messages());
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("2", 2.0)]
    [InlineData("-1e3", -1000.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("0o17", 15.0)]
    public void Number_reads_plain_numbers(string text, double expected)
    {
        var node = ConfigTree.Plain("x", text);
        Assert.Equal(expected, node.Number("x"));
        Assert.Empty(node.Errors.All);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("fast")]
    public void Number_rejects_non_finite_or_text(string text)
    {
        var node = ConfigTree.Plain("x", text);
        Assert.Null(node.Number("x"));
        Assert.Equal(new[] { $"sources.s.x: expected a number, found '{text}'" }, node.Messages());
    }

    [Fact]
    public void Number_rejects_a_quoted_value()
    {
        var node = ConfigTree.Source("""{"x": "2.0"}""");
        Assert.Null(node.Number("x"));
        Assert.Equal(new[] { "sources.s.x: expected a number, found '2.0'" }, node.Messages());
    }

    [Fact]
    public void Number_checks_its_range()
    {
        var node = ConfigTree.Source("""{"a": 1.5, "b": 0.25, "c": 0.5}""");
        Assert.Null(node.Number("a", 0, 1));
        Assert.Null(node.Number("b", min: 0.5));
        Assert.Equal(0.5, node.Number("c", 0.5, 1));
        Assert.Equal(new[]
        {
            "sources.s.a: must be between 0 and 1, found 1.5",
            "sources.s.b: must be at least 0.5, found 0.25",
        }, node.Messages());
    }

    [Fact]
    public void Number_required()
    {
        var errors = new ConfigErrors();
        var node = ConfigNode.NewMapping("global", errors);
        Assert.Null(node.Number("ratio", required: true));
        Assert.Equal("global.ratio: required", Assert.Single(errors.All).ToString());
    }
}
