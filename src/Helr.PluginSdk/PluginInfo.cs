namespace Helr.PluginSdk;

/// <summary>Describes a plugin to the host and to <c>helr plugins list</c>.</summary>
public sealed record PluginInfo
{
    /// <summary>Lowercase noun naming the plugin, e.g. <c>okta</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's own semantic version.</summary>
    public required string Version { get; init; }

    /// <summary>One line saying what the plugin collects.</summary>
    public required string Description { get; init; }
}
