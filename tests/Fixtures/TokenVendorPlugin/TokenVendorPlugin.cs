using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace TokenVendorPlugin;

/// <summary>A pretend vendor whose API wants an OAuth2 client-credentials token.</summary>
public sealed class TokenVendorPlugin : IHelrPlugin
{
    public PluginInfo Info { get; } = new() { Name = "tokenvendor", Version = "1.0.0", Description = "fixture: ISource written directly, token fetched through the SDK sender" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new TokenVendorSourceType() };
}
