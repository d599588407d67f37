using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Acme;

/// <summary>The plugin's entry point: helr creates it once through this parameterless constructor.</summary>
public sealed class AcmePlugin : IHelrPlugin
{
    /// <inheritdoc />
    public PluginInfo Info { get; } = new() { Name = "helrplugintype", Version = "0.1.0", Description = "Acme audit events" };

    /// <inheritdoc />
    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new AcmeSourceType() };
}
