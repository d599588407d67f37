namespace Helr.Kernel.Config;

// Upstream global blocks whose features Helr has not built yet. They are read and checked like every
// other key, so a typo or a wrong value is an error; nothing acts on them yet.

/// <summary><c>global.api</c>: an HTTP server's switch and bind address.</summary>
internal sealed record ServerConfig
{
    public const int DefaultApiPort = 8080;

    public bool Enabled { get; init; }
    public string Address { get; init; } = "0.0.0.0";
    public int Port { get; init; }
}

/// <summary><c>global.reload</c>: what a SIGHUP reload also does.</summary>
internal sealed record ReloadConfig
{
    /// <summary><c>restart_sources_on_sighup</c>: also clear circuit breakers and OAuth2 tokens.</summary>
    public bool RestartSourcesOnSighup { get; init; }
}
