namespace Helr.PluginSdk.Sources;

/// <summary>
/// <c>global.hooks</c>: whether sources may run JavaScript hooks, and the sandbox they run in. The
/// kernel reads the block; a plugin that runs scripts gets it through
/// <see cref="SourceBuildContext.Hooks"/>.
/// </summary>
public sealed record HookSettings
{
    /// <summary><c>enabled</c>: hooks run only when true; a source with hooks while false is a config error.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>path</c>: folder that relative script names are read from (default <c>./hooks</c>).</summary>
    public string Path { get; init; } = "./hooks";

    /// <summary><c>timeout_secs</c>: wall-clock limit of one hook call, its <c>fetch</c> calls included.</summary>
    public double TimeoutSecs { get; init; } = 5;

    /// <summary><c>memory_limit_mb</c>: memory one hook call may allocate; null leaves the plugin's own default.</summary>
    public long? MemoryLimitMb { get; init; }

    /// <summary><c>allow_network</c>: scripts get <c>fetch()</c> (through the source's sender) only when true.</summary>
    public bool AllowNetwork { get; init; }

    /// <summary><c>auth_cache_ttl_secs</c>: how long a <c>getAuth</c> result is reused; 0 calls it every cycle.</summary>
    public double AuthCacheTtlSecs { get; init; } = 1800;

    /// <summary>Hooks off: the value when <c>global.hooks</c> is absent.</summary>
    public static HookSettings Disabled { get; } = new();
}
