using Prometheus;

namespace Helr.Kernel.Observability;

/// <summary>Token requests (OAuth2, service accounts) a source's authenticator sent: how often tokens were fetched or renewed.</summary>
internal static class AuthMetrics
{
    private static readonly Counter TokenRequests = Metrics.CreateCounter(
        "helr_token_refreshes_total", "Token requests sent by a source's authenticator (first fetch, expiry, renewal after a 401).",
        new CounterConfiguration { LabelNames = new[] { "source" } });

    public static void TokenRequested(string source) => TokenRequests.WithLabels(source).Inc();

    public static double TokenRequestCount(string source) => TokenRequests.WithLabels(source).Value;
}
