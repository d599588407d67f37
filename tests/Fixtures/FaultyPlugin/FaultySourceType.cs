using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace FaultyPlugin;

/// <summary><c>faulty-create</c> throws while building the source (<c>faulty-unreadable</c> an exception whose message cannot be read); <c>faulty-cycle</c> when a cycle starts.</summary>
public sealed class FaultySourceType(string name) : ISourceType, ISource
{
    public string Name => name;

    /// <summary>Set in a folder named <c>throws-in-keys</c>: <see cref="ConfigKeys"/> throws.</summary>
    public bool KeysThrow { get; init; }

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => KeysThrow ? throw new InvalidOperationException("faulty keys") : Array.Empty<ConfigKeyInfo>();

    public string Description => "throws in " + name?[7..];

    public IAuthenticator? Authenticator => null;

    public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();

    public IEventExtractor Extractor { get; } = new JsonEventExtractor();

    public SourceDefaults Defaults => SourceDefaults.None;

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        config.MarkOpaque();
        if (name == "faulty-create") throw new ArgumentException("faulty create");
        if (name == "faulty-unreadable") throw new UnreadableException();
        return this;
    }

    public IPollCycle BeginCycle(CycleContext context) => throw new NotSupportedException("faulty cycle");
}
