namespace Helr.Kernel.Config;

/// <summary><c>global.reload</c>: what a SIGHUP reload also does.</summary>
internal sealed record ReloadConfig
{
    /// <summary><c>restart_sources_on_sighup</c>: also clear circuit breakers and OAuth2 tokens.</summary>
    public bool RestartSourcesOnSighup { get; init; }
}
