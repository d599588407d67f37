using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace FaultyPlugin;

/// <summary>
/// <c>faulty-start</c>: builds and validates, then throws when helr puts the source together to run it
/// (its extractor is read once to validate the source, and throws when read again).
/// </summary>
public sealed class StartFaultySourceType : ISourceType
{
    public string Name => "faulty-start";

    public string Description => "throws when the source starts";

    public IReadOnlyList<ConfigKeyInfo> ConfigKeys => Array.Empty<ConfigKeyInfo>();

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        config.MarkOpaque();
        return new Source();
    }

    private sealed class Source : ISource
    {
        private int _reads;

        public IAuthenticator? Authenticator => null;

        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();

        public IEventExtractor Extractor =>
            Interlocked.Increment(ref _reads) == 1 ? new JsonEventExtractor() : throw new FileNotFoundException("faulty start: extractor settings file is gone");

        public SourceDefaults Defaults => SourceDefaults.None;

        public IPollCycle BeginCycle(CycleContext context) => throw new NotSupportedException("not polled");
    }
}
