using System.Text;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// The quick reading of the fallback event time (no Utf8JsonReader for the usual shape) finds what
/// the reader finds, on hand-picked shapes and on generated events.
/// </summary>
public sealed class FallbackTimestampTests
{
    private static string? Found(string evt)
    {
        var bytes = Encoding.UTF8.GetBytes(evt);
        var quick = FallbackTimestamp.Find(bytes);
        var reader = FallbackTimestamp.FindWithReader(bytes);
        Assert.Equal(reader, quick);
        return quick is { } r ? Encoding.UTF8.GetString(bytes.AsSpan()[r]) : null;
    }

    [Theory]
    [InlineData("""{"uuid":"u1","published":"2024-01-01T00:00:00Z","x":1}""", "\"2024-01-01T00:00:00Z\"")]
    [InlineData(""" { "uuid" : "a\"b" ,	"published" : "t1" } """, "\"t1\"")]
    [InlineData("""{"timestamp":"t2","ts":"t3"}""", "\"t2\"")]
    [InlineData("""{"ts":"t3","timestamp":"t2"}""", "\"t2\"")]
    [InlineData("""{"ts":"a","ts":"b"}""", "\"a\"")]
    [InlineData("""{"published":"","created_at":"t4"}""", "\"t4\"")]
    [InlineData("""{"publ\u0069shed":"escaped key"}""", "\"escaped key\"")]
    [InlineData("""{"id":5,"published":"after a number"}""", "\"after a number\"")]
    [InlineData("""{"actor":{"published":"nested"},"ts":"t3"}""", "\"t3\"")]
    [InlineData("""{"published":"t\u00e9"}""", "\"t\\u00e9\"")]
    [InlineData("""{"a":"b"}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""[1,2]""", null)]
    [InlineData("""{"published":5}""", null)]
    public void Finds_what_the_reader_finds(string evt, string? expected) => Assert.Equal(expected, Found(evt));

    [Fact]
    public void Generated_events_read_the_same_both_ways()
    {
        var random = new Random(20);
        string[] keys = ["published", "timestamp", "ts", "created_at", "uuid", "id", "publ\\u0069shed", "t"];
        string[] values = ["\"\"", "\"2024-06-11T17:10:00Z\"", "\"a\\\"b\"", "\"x\\\\\"", "12", "true", "null", "{\"ts\":\"in\"}", "[\"published\"]"];
        string[] spaces = ["", " ", "\n", "\t "];
        for (var i = 0; i < 2000; i++)
        {
            var members = Enumerable.Range(0, random.Next(0, 6)).Select(_ =>
                $"{spaces[random.Next(spaces.Length)]}\"{keys[random.Next(keys.Length)]}\"{spaces[random.Next(spaces.Length)]}:{spaces[random.Next(spaces.Length)]}{values[random.Next(values.Length)]}");
            Found("{" + string.Join(",", members) + spaces[random.Next(spaces.Length)] + "}");
        }
    }
}
