using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack;

/// <summary>A configured slack source: bearer token to the URL's origin, events under <c>entries</c>.</summary>
internal sealed class SlackSource : ISource
{
    public SlackSource(SlackOptions options, IAuthenticator? authenticator)
    {
        Options = options;
        Authenticator = authenticator;
        CredentialOrigins = new[] { new Uri(options.Url.GetLeftPart(UriPartial.Authority) + "/") };
    }

    public SlackOptions Options { get; }

    public IAuthenticator? Authenticator { get; }

    public IReadOnlyList<Uri> CredentialOrigins { get; }

    public IEventExtractor Extractor { get; } = new SlackEventExtractor();

    // Slack sends Retry-After on its 429s and no remaining header, so no header names are set.
    public SourceDefaults Defaults { get; } = new()
    {
        IdField = "id",
        TimestampField = "date_create",
        DedupeIdPath = "id",
        IntervalSecs = 60,
    };

    public IPollCycle BeginCycle(CycleContext context) => new SlackCycle(Options, context);
}
