using System.Net;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Resilience;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// <c>SourceDefaults.RateLimitClassifier</c>: the vendor reads a 403's body (Google names its limits only
/// in the error JSON's reason or status); what it accepts is a rate limit, anything else stays a refusal.
/// </summary>
public sealed class RateLimitClassifierTests
{
    private static readonly byte[] Limited = Encoding.UTF8.GetBytes("""{"reason":"limit"}""");

    private static bool IsLimit(ReadOnlyMemory<byte> body) => body.Span.SequenceEqual(Limited);

    [Fact]
    public void A_403_the_classifier_accepts_is_a_rate_limit_and_another_is_a_refusal()
    {
        var headers = new RateLimitHeaders(new RateLimitHeadersConfig(), refusalClassifier: IsLimit);
        using var limited = new HttpResponseMessage(HttpStatusCode.Forbidden);
        using var refused = new HttpResponseMessage(HttpStatusCode.Forbidden);

        headers.ReadRefusal(limited, Limited);
        headers.ReadRefusal(refused, Encoding.UTF8.GetBytes("""{"reason":"forbidden"}"""));

        Assert.True(headers.IsRateLimitRefusal(limited));
        Assert.False(headers.IsRateLimitRefusal(refused));
    }

    [Fact]
    public void Only_a_403_is_classified_and_a_classifier_that_throws_means_a_refusal()
    {
        var calls = 0;
        var throwing = new RateLimitHeaders(new RateLimitHeadersConfig(), refusalClassifier: _ => throw new InvalidOperationException("plugin bug"));
        var counting = new RateLimitHeaders(new RateLimitHeadersConfig(), refusalClassifier: _ => ++calls > 0);
        using var forbidden = new HttpResponseMessage(HttpStatusCode.Forbidden);
        using var notFound = new HttpResponseMessage(HttpStatusCode.NotFound);

        throwing.ReadRefusal(forbidden, Limited);
        counting.ReadRefusal(notFound, Limited);

        Assert.False(throwing.IsRateLimitRefusal(forbidden));
        Assert.Equal(0, calls);
    }
}
