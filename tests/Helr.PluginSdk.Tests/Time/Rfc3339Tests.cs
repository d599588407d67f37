using Helr.PluginSdk.Time;

namespace Helr.PluginSdk.Tests.Time;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2024-01-02T10:15:30.123456789Z", "2024-01-02T10:15:30.1234567+00:00")]
    [InlineData("2024-01-02T10:15:30Z", "2024-01-02T10:15:30.0000000+00:00")]
    [InlineData("2024-01-02T12:15:30.5+02:00", "2024-01-02T12:15:30.5000000+02:00")]
    [InlineData("2024-01-02T10:15:30", "2024-01-02T10:15:30.0000000+00:00")]
    public void Parses_vendor_times_with_nanoseconds_and_offsets(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Rfc3339.Parse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Unreadable_text_is_null(string? text) => Assert.Null(Rfc3339.Parse(text));

    [Fact]
    public void Formats_whole_seconds_in_utc_and_truncates_exactly_to_what_it_formats()
    {
        var at = new DateTimeOffset(2024, 1, 2, 12, 15, 30, 999, TimeSpan.FromHours(2));
        Assert.Equal("2024-01-02T10:15:30Z", Rfc3339.Format(at));
        var truncated = Rfc3339.TruncateToSeconds(at);
        Assert.Equal(TimeSpan.Zero, truncated.Offset);
        Assert.Equal(truncated, Rfc3339.Parse(Rfc3339.Format(at)));
    }
}
