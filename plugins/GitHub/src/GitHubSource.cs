using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>A configured github source: credentials to the API's origin, events as a top-level array.</summary>
internal sealed class GitHubSource : ISource
{
    public GitHubSource(GitHubOptions options, IAuthenticator? authenticator)
    {
        Options = options;
        Authenticator = authenticator;
        CredentialOrigins = new[] { new Uri(options.Url.GetLeftPart(UriPartial.Authority) + "/") };
    }

    public GitHubOptions Options { get; }

    public IAuthenticator? Authenticator { get; }

    public IReadOnlyList<Uri> CredentialOrigins { get; }

    public IEventExtractor Extractor { get; } = new JsonEventExtractor();

    public SourceDefaults Defaults { get; } = new()
    {
        IdField = "_document_id",
        TimestampField = "@timestamp",
        DedupeIdPath = "_document_id",
        IntervalSecs = 300,
        // 403 joins the usual set: GitHub answers its secondary rate limits with 403 and Retry-After
        // (or x-ratelimit-remaining: 0); Helr retries a 403 only when it says so.
        RetryableStatusCodes = new[] { 403, 408, 429 }.Concat(Enumerable.Range(500, 100)).ToArray(),
        RateLimitHeaders = new RateLimitHeaderNames { Limit = "x-ratelimit-limit", Remaining = "x-ratelimit-remaining", Reset = "x-ratelimit-reset" },
        AdaptiveRateLimit = true,
        // GitHub: a secondary limit without retry-after is to be waited out for at least a minute, longer
        // if it persists; integrations that keep retrying may be banned.
        RateLimitMinimumWait = TimeSpan.FromMinutes(1),
        // Its secondary limits may answer 403 with neither retry-after nor an exhausted remaining count, only
        // "You have exceeded a secondary rate limit"; its primary one says "API rate limit exceeded".
        RateLimitMessage = "rate limit",
    };

    public IPollCycle BeginCycle(CycleContext context) => new GitHubCycle(Options, context);
}
