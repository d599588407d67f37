namespace Helr.Kernel.Config;

// Upstream global blocks whose features Helr has not built yet. They are read and checked like every
// other key, so a typo or a wrong value is an error; nothing acts on them yet.

/// <summary><c>global.api</c> and <c>global.metrics</c>: an HTTP server's switch and bind address.</summary>
internal sealed record ServerConfig
{
    public const int DefaultApiPort = 8080;
    public const int DefaultMetricsPort = 9090;

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

/// <summary><c>global.dump_on_sigusr1</c>: where SIGUSR1 writes the state and metrics dump.</summary>
internal sealed record DumpOnSigusr1Config
{
    public static readonly string[] Destinations = { "log", "file" };

    /// <summary><c>log</c> (one INFO line) or <c>file</c> (overwrites <see cref="Path"/>).</summary>
    public string Destination { get; init; } = "log";

    /// <summary>Required when <see cref="Destination"/> is <c>file</c>.</summary>
    public string? Path { get; init; }
}

/// <summary><c>global.audit</c>: audit log lines for credential reads and config loads.</summary>
internal sealed record AuditConfig
{
    public bool Enabled { get; init; }
    public bool LogCredentialAccess { get; init; } = true;
    public bool LogConfigChanges { get; init; } = true;
}
