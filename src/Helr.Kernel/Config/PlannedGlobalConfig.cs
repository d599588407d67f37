namespace Helr.Kernel.Config;

// Upstream global blocks whose features Helr has not built yet. They are read and checked like every
// other key, so a typo or a wrong value is an error; nothing acts on them yet.

/// <summary><c>global.metrics</c>: an HTTP server's switch and bind address.</summary>
internal sealed record ServerConfig
{
    public const int DefaultApiPort = 8080;
    public const int DefaultMetricsPort = 9090;

    public bool Enabled { get; init; }
    public string Address { get; init; } = "0.0.0.0";
    public int Port { get; init; }
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

/// <summary><c>global.hooks</c>: the JS hook sandbox.</summary>
internal sealed record HooksConfig
{
    public bool Enabled { get; init; }

    /// <summary>Folder relative script names are read from (upstream's effective default <c>./hooks</c>).</summary>
    public string Path { get; init; } = "./hooks";
    public long TimeoutSecs { get; init; } = 5;
    public long? MemoryLimitMb { get; init; }
    public bool AllowNetwork { get; init; }
    public bool AllowFs { get; init; }

    /// <summary>How long a <c>getAuth</c> result is reused; 0 disables the cache.</summary>
    public long AuthCacheTtlSecs { get; init; } = 1800;
}

/// <summary><c>global.audit</c>: audit log lines for credential reads and config loads.</summary>
internal sealed record AuditConfig
{
    public bool Enabled { get; init; }
    public bool LogCredentialAccess { get; init; } = true;
    public bool LogConfigChanges { get; init; } = true;
}
