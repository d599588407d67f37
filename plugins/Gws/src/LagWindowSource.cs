using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>A Google API read in lag windows: Reports activities or Cloud Logging entries.</summary>
internal sealed class LagWindowSource(WindowSettings settings, IWindowQuery query, Uri origin, string eventsKey, SourceDefaults defaults, IAuthenticator auth) : ISource
{
    private readonly GatedExtractor _extractor = new(eventsKey);

    public WindowSettings Settings => settings;

    public IWindowQuery Query => query;

    public IAuthenticator? Authenticator => auth;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(origin.GetLeftPart(UriPartial.Authority) + "/") };

    public IEventExtractor Extractor => _extractor;

    public SourceDefaults Defaults => defaults;

    public IPollCycle BeginCycle(CycleContext context)
    {
        var cycle = new LagWindowCycle(settings, query, context);
        _extractor.Gate = cycle;
        return cycle;
    }
}
