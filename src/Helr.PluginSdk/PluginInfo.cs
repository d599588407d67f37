namespace Helr.PluginSdk;

/// <summary>Describes a plugin to the host and to <c>helr plugins list</c>.</summary>
/// <param name="Name">Lowercase noun naming the plugin, e.g. <c>okta</c>.</param>
/// <param name="Version">The plugin's own semantic version.</param>
/// <param name="Description">One line saying what the plugin collects.</param>
public sealed record PluginInfo(string Name, string Version, string Description);
