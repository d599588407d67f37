namespace Helr.Kernel.Config;

/// <summary><c>global.api</c>: the health, REST and status-page server.</summary>
internal sealed record ApiConfig
{
    public const int DefaultPort = 8080;

    public bool Enabled { get; init; }

    /// <summary>The configured <c>address</c>, or null when unset (see <see cref="BindAddress"/>).</summary>
    public string? Address { get; init; }

    /// <summary>0 picks a free port (the bound address is logged).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary><c>auth</c>: the bearer token every route but the probes requires, or null for none.</summary>
    public ApiAuthConfig? Auth { get; init; }

    /// <summary>
    /// Upstream binds 0.0.0.0. Without a token anyone who reaches the port could trigger polls and
    /// reloads, so an unset address means loopback unless a token guards the API.
    /// </summary>
    public string BindAddress => Address ?? (Auth is null ? "127.0.0.1" : "0.0.0.0");
}
