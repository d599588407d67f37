using Helr.Kernel.Resilience;

namespace Helr.Kernel.Tests.Resilience;

public sealed class RetryAfterDelayTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage With(string retryAfter)
    {
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)429);
        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        return response;
    }

    [Fact]
    public void Reads_seconds() => Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterDelay.FromRetryAfter(With("7"), Now));

    [Fact]
    public void Reads_fractional_seconds() => Assert.Equal(TimeSpan.FromSeconds(1.5), RetryAfterDelay.FromRetryAfter(With("1.5"), Now));

    [Fact]
    public void Reads_an_HTTP_date() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterDelay.FromRetryAfter(With("Sat, 01 Mar 2025 12:00:30 GMT"), Now));

    [Fact]
    public void A_date_in_the_past_means_no_wait() =>
        Assert.Equal(TimeSpan.Zero, RetryAfterDelay.FromRetryAfter(With("Sat, 01 Mar 2025 11:00:00 GMT"), Now));

    [Fact]
    public void Garbage_is_ignored() => Assert.Null(RetryAfterDelay.FromRetryAfter(With("soon"), Now));

    [Fact]
    public void Absurd_waits_are_capped() =>
        Assert.Equal(RetryAfterDelay.MaxServerWait, RetryAfterDelay.FromRetryAfter(With("99999999"), Now));

    // Past TimeSpan's range (~29,000 years): an API that sends a Unix time in milliseconds here.
    [Theory]
    [InlineData("1733480000000")]
    [InlineData("1e20")]
    public void Waits_past_TimeSpan_range_are_capped_not_thrown(string value) =>
        Assert.Equal(RetryAfterDelay.MaxServerWait, RetryAfterDelay.FromRetryAfter(With(value), Now));

    [Fact]
    public void Reset_header_is_Unix_time() =>
        Assert.Equal(TimeSpan.FromSeconds(45), RetryAfterDelay.FromReset((Now.ToUnixTimeSeconds() + 45).ToString(), Now));

    [Fact]
    public void Reset_header_in_milliseconds_is_understood() =>
        Assert.Equal(TimeSpan.FromSeconds(2), RetryAfterDelay.FromReset((Now.ToUnixTimeMilliseconds() + 2000).ToString(), Now));

    [Fact]
    public void A_small_reset_value_is_seconds_from_now() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterDelay.FromReset("30", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("tomorrow")]
    public void Unreadable_reset_values_are_ignored(string? value) => Assert.Null(RetryAfterDelay.FromReset(value, Now));
}
