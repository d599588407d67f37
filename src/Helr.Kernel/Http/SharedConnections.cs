using Helr.Kernel.Config;

namespace Helr.Kernel.Http;

/// <summary>
/// The connection pools sources share: one <see cref="SocketsHttpHandler"/> per distinct connection
/// setting (connect timeout, idle timeout, TLS CA and minimum version, connection cap), so sources polling one host
/// reuse each other's idle connections instead of each opening and keeping its own. The handler keeps
/// a separate pool per scheme, host and port. A source with a client certificate keeps a handler of
/// its own: its connections authenticate as that certificate. Auth, rate limits, circuit breakers and
/// request timeouts stay per source (they live above this layer).
/// </summary>
internal static class SharedConnections
{
    private static readonly Dictionary<string, Pool> Pools = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>How many shared handlers are open now (tests).</summary>
    public static int OpenPools
    {
        get
        {
            lock (Gate) return Pools.Count;
        }
    }

    /// <summary>
    /// A handler over the shared pool for <paramref name="config"/>'s settings, made by
    /// <paramref name="create"/> on first use; disposing it releases the share, and the last release
    /// closes the pool.
    /// </summary>
    public static HttpMessageHandler Rent(ResilienceConfig config, int maxConnectionsPerHost, Func<SocketsHttpHandler> create)
    {
        var key = KeyOf(config, maxConnectionsPerHost);
        if (key is null) return create();
        lock (Gate)
        {
            if (!Pools.TryGetValue(key, out var pool)) Pools[key] = pool = new Pool(create());
            pool.Leases++;
            return new Lease(key, pool);
        }
    }

    // Null: not shared. Every field that changes how a connection is made or kept is in the key.
    private static string? KeyOf(ResilienceConfig config, int maxConnectionsPerHost)
    {
        var tls = config.Tls;
        if (tls?.ClientCertPem is not null || tls?.ClientKeyPem is not null) return null;
        return string.Join('\n', config.ConnectTimeout.Ticks, maxConnectionsPerHost, config.Timeouts.IdleSecs?.ToString() ?? "-",
            tls is null ? "-" : $"{tls.MinVersion ?? "-"}\n{tls.CaOnly}\n{tls.CaPem ?? "-"}");
    }

    private static void Release(string key, Pool pool)
    {
        lock (Gate)
        {
            if (--pool.Leases > 0) return;
            if (Pools.TryGetValue(key, out var current) && ReferenceEquals(current, pool)) Pools.Remove(key);
        }
        pool.Handler.Dispose();
    }

    private sealed class Pool(SocketsHttpHandler handler)
    {
        public SocketsHttpHandler Handler { get; } = handler;
        public int Leases { get; set; }
    }

    /// <summary>One source's hold on a shared pool: sends through it, and releases it on dispose.</summary>
    private sealed class Lease(string key, Pool pool) : DelegatingHandler(pool.Handler)
    {
        private int _released;

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _released, 1) == 0) Release(key, pool);
            // Not base.Dispose(true): that would dispose the shared handler under the other sources.
            base.Dispose(false);
        }
    }
}
