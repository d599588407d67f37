using Helr.PluginSdk.Http;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Time;

/// <summary><c>PageResponse.ServerDate</c>: the API's clock, read from its Date header; <c>ServerTargetBefore</c>: its now − lag when earlier than a window's end.</summary>
public class ServerDateTests
{
    private static PageResponse WithDate(string? date)
    {
        var response = Pages.Response(PageRequest.Get(new Uri("https://api.example.com/logs")), "{}");
        if (date is not null) response.Headers.TryAddWithoutValidation("Date", date);
        return response;
    }

    [Fact]
    public void Reads_the_date_header_as_an_instant() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 17, 50, 1, TimeSpan.Zero), WithDate("Sun, 06 Dec 2026 17:50:01 GMT").ServerDate);

    [Theory]
    [InlineData(null)]
    [InlineData("not a date")]
    public void Is_null_without_a_readable_date(string? date) => Assert.Null(WithDate(date).ServerDate);

    // Date has whole seconds and servers reuse a value for up to a second: 2 s is no skew.
    [Theory]
    [InlineData("Sun, 06 Dec 2026 17:50:00 GMT", null)]
    [InlineData("Sun, 06 Dec 2026 17:49:58 GMT", null)]
    [InlineData("Sun, 06 Dec 2026 17:49:57 GMT", "2026-12-06T17:48:57Z")]
    [InlineData("not a date", null)]
    public void The_server_target_is_its_now_less_the_lag_only_when_more_than_the_header_precision_earlier(string date, string? target)
    {
        var end = new DateTimeOffset(2026, 12, 6, 17, 49, 0, TimeSpan.Zero);
        Assert.Equal(target is null ? null : DateTimeOffset.Parse(target), WithDate(date).ServerTargetBefore(end, TimeSpan.FromMinutes(1)));
    }
}
