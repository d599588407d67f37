using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>One application's activities of one Google Workspace customer.</summary>
internal sealed class GwsSource(GwsOptions options, IAuthenticator auth) : ISource
{
    private readonly GatedExtractor _extractor = new("items");

    public GwsOptions Options => options;

    public IAuthenticator? Authenticator => auth;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(options.Endpoint.GetLeftPart(UriPartial.Authority) + "/") };

    public IEventExtractor Extractor => _extractor;

    public SourceDefaults Defaults { get; } = new()
    {
        TimestampField = "id.time",
        // The activity key is id.time + id.uniqueQualifier; meta.id shows the qualifier, the overlap
        // memory (not the kernel's single-path dedupe) recognises repeats by both.
        IdField = "id.uniqueQualifier",
        IntervalSecs = 300,
        RetryableStatusCodes = new[] { 429, 500, 502, 503, 504 },
    };

    public IPollCycle BeginCycle(CycleContext context)
    {
        var cycle = new GwsCycle(options, context);
        _extractor.Gate = cycle;
        return cycle;
    }
}
