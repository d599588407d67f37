using Helr.PluginSdk.Http;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Time;

/// <summary><c>PageResponse.ServerDate</c>: the API's clock, read from its Date header.</summary>
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
}
