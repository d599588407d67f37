namespace Helr.Kernel.Config;

/// <summary>
/// One source as configured, values only: the kernel's settings and the whole block as written
/// (after <c>${VAR}</c> expansion), which the plugin reads when the source is built
/// (Plugins/SourceBuilder). Compares by value, so a reload can tell a changed source from the same one.
/// </summary>
/// <param name="Settings">The kernel-owned keys as the user set them; the built source lays the plugin's vendor defaults under them.</param>
internal sealed record SourceConfig(SourceSettings Settings, ConfigValue Block)
{
    public string Id => Settings.Id;

    /// <summary>A digest of each file read to build the source (<see cref="BuildReadsEnvironment"/>): an edited hook script changes the source.</summary>
    public ValueMap<string> FilesRead { get; init; } = ValueMap<string>.Empty;
}
