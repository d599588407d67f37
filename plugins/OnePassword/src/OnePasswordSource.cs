using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>One Events API endpoint (auditevents, signinattempts or itemusages) of one 1Password account.</summary>
internal sealed class OnePasswordSource(OnePasswordOptions options, IAuthenticator auth) : ISource
{
    public OnePasswordOptions Options => options;

    public IAuthenticator? Authenticator => auth;

    // The token goes to the Events API host only.
    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(options.Endpoint.GetLeftPart(UriPartial.Authority) + "/") };

    public IEventExtractor Extractor { get; } = new JsonEventExtractor("items");

    public SourceDefaults Defaults { get; } = new()
    {
        IdField = "uuid",
        TimestampField = "timestamp",
        // A reset cursor restarts at the newest stored timestamp, inclusive: the boundary event comes again.
        DedupeIdPath = "uuid",
        IntervalSecs = 60,
        // 600 requests/min and 30,000/h per token: 429 is the answer when exceeded.
        RetryableStatusCodes = new[] { 429, 500, 502, 503, 504 },
    };

    public IPollCycle BeginCycle(CycleContext context) => new OnePasswordCycle(options, context);
}
