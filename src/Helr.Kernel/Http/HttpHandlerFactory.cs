using System.Net;
using Helr.Kernel.Config;

namespace Helr.Kernel.Http;

/// <summary>
/// The connection layer of one source: connect timeout, pooled-connection idle timeout and TLS, over a
/// connection pool shared with the sources of the same settings (<see cref="SharedConnections"/>).
/// Request and read timeouts are enforced per attempt by the resilience pipeline, so the
/// <see cref="HttpClient"/> itself never times out on its own. Redirects are followed by
/// <see cref="RedirectHandler"/>, which keeps credentials on their origin.
/// </summary>
internal static class HttpHandlerFactory
{
    /// <summary>The longest connect, read or idle timeout applied: a day, as the per-attempt timeout.</summary>
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromDays(1);

    /// <param name="maxConnectionsPerHost"><c>global.bulkhead.max_connections_per_host</c> (0: no limit).</param>
    public static HttpMessageHandler Create(ResilienceConfig config, int maxConnectionsPerHost = BulkheadConfig.DefaultMaxConnectionsPerHost) =>
        new RedirectHandler(SharedConnections.Rent(config, maxConnectionsPerHost, () => CreateSockets(config, maxConnectionsPerHost)));

    private static SocketsHttpHandler CreateSockets(ResilienceConfig config, int maxConnectionsPerHost)
    {
        var handler = new SocketsHttpHandler
        {
            // The keys allow a year; the handler refuses over 24.8 days (an exception building the source).
            // No attempt outlives the day its request timeout is clamped to anyway.
            ConnectTimeout = config.ConnectTimeout < LongestTimeout ? config.ConnectTimeout : LongestTimeout,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            // No cookie jar, as upstream: a jar would send a session cookie to any port of the host
            // (cookie rules ignore ports) and keep it between polls, past the redirect handler's checks.
            UseCookies = false,
            SslOptions = TlsOptions.Create(config.Tls),
        };
        // Many sources of one host share this pool: past the cap their requests wait for a free
        // connection instead of each opening one (each kept open holds ~25 KB of buffers).
        if (maxConnectionsPerHost > 0) handler.MaxConnectionsPerServer = maxConnectionsPerHost;
        // Its cleanup timer runs every quarter of it, and a timer holds 49.7 days: every request failed
        // past 198 days. A connection lives 5 minutes at most anyway (PooledConnectionLifetime).
        if (config.Timeouts.IdleSecs is { } idle) handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(Math.Min(idle, LongestTimeout.TotalSeconds));
        return handler;
    }
}
