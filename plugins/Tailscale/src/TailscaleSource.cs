using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>One log (configuration or network) of one tailnet.</summary>
internal sealed class TailscaleSource(TailscaleOptions options, IAuthenticator auth) : ISource
{
    public TailscaleOptions Options => options;

    public IAuthenticator? Authenticator => auth;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(options.Endpoint.GetLeftPart(UriPartial.Authority) + "/") };

    // An empty answer may leave logs out or send null.
    public IEventExtractor Extractor { get; } = new JsonEventExtractor("logs") { MissingArrayIsEmpty = true };

    public SourceDefaults Defaults { get; } = new()
    {
        TimestampField = options.TimeField,
        IntervalSecs = 60,
        RetryableStatusCodes = new[] { 429, 500, 502, 503, 504 },
    };

    public IPollCycle BeginCycle(CycleContext context) => new TailscaleCycle(options, context);
}
