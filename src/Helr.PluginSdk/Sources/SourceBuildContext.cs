namespace Helr.PluginSdk.Sources;

/// <summary>What a source type may use while it builds a source from configuration.</summary>
public sealed class SourceBuildContext
{
    /// <summary>The key of the source under <c>sources:</c>.</summary>
    public required string SourceId { get; init; }

    /// <summary>Reads environment variables and secret files.</summary>
    public required IHelrEnvironment Environment { get; init; }

    /// <summary>
    /// Folder of the configuration file, for a plugin whose own files belong beside it. Helr's
    /// <c>*_file</c> keys resolve relative paths against the working directory, as upstream Helr does.
    /// </summary>
    public string ConfigDirectory { get; init; } = "";

    /// <summary>
    /// <c>global.hooks</c>: whether the source may run JavaScript hooks and their sandbox limits;
    /// <see cref="HookSettings.Disabled"/> when the block is absent.
    /// </summary>
    public HookSettings Hooks { get; init; } = HookSettings.Disabled;

    /// <summary>The clock for defaults that depend on now (a first cycle's look-back window).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
