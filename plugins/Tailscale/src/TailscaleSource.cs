using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>One log (configuration or network) of one tailnet.</summary>
internal sealed class TailscaleSource(TailscaleOptions options, IAuthenticator auth) : ISource
{
    private readonly GatedExtractor _extractor = new("logs");

    public TailscaleOptions Options => options;

    public IAuthenticator? Authenticator => auth;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(options.Endpoint.GetLeftPart(UriPartial.Authority) + "/") };

    public IEventExtractor Extractor => _extractor;

    public SourceDefaults Defaults { get; } = new()
    {
        TimestampField = options.TimeField,
        IntervalSecs = 60,
        RetryableStatusCodes = new[] { 429, 500, 502, 503, 504 },
    };

    public IPollCycle BeginCycle(CycleContext context)
    {
        var cycle = new TailscaleCycle(options, context);
        _extractor.Gate = cycle;
        return cycle;
    }
}
