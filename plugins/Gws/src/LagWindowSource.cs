using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>A Google API read in lag windows: Reports activities or Cloud Logging entries.</summary>
internal sealed class LagWindowSource(WindowSettings settings, IWindowQuery query, Uri origin, string eventsKey, SourceDefaults defaults, IAuthenticator auth) : ISource
{
    public WindowSettings Settings => settings;

    public IWindowQuery Query => query;

    public IAuthenticator? Authenticator => auth;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(origin.GetLeftPart(UriPartial.Authority) + "/") };

    // Google leaves the array out of an empty answer.
    public IEventExtractor Extractor { get; } = new JsonEventExtractor(eventsKey) { MissingArrayIsEmpty = true };

    public SourceDefaults Defaults => defaults;

    public IPollCycle BeginCycle(CycleContext context) => new LagWindowCycle(settings, query, context);
}
