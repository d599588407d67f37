using System.Formats.Asn1;
using System.Runtime.Loader;
using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace FrameworkUserPlugin;

public sealed class FrameworkUserPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new() { Name = Origin(), Version = "0.1.0", Description = "reports which load context its System.Formats.Asn1 is in" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = Array.Empty<ISourceType>();

    private static string Origin() =>
        AssemblyLoadContext.GetLoadContext(typeof(AsnEncodingRules).Assembly) == AssemblyLoadContext.Default
            ? "framework-shared"
            : "framework-private";
}
