using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace TokenVendorPlugin;

/// <summary>The configured source: its credentials belong to the API's origin only, whatever a Link says.</summary>
public sealed class TokenVendorSource(Uri url, IAuthenticator authenticator, int maxPages, string from) : ISource
{
    public IAuthenticator? Authenticator { get; } = authenticator;

    public IReadOnlyList<Uri> CredentialOrigins { get; } = new[] { new Uri(url.GetLeftPart(UriPartial.Authority) + "/") };

    public IEventExtractor Extractor { get; } = new JsonEventExtractor("items");

    // The vendor's rate-limit header names and event fields, so users need not know them.
    public SourceDefaults Defaults { get; } = new()
    {
        TimestampField = "at",
        IdField = "id",
        RateLimitHeaders = new RateLimitHeaderNames { Limit = "X-Vendor-Quota", Remaining = "X-Vendor-Quota-Left", Reset = "X-Vendor-Quota-Reset" },
    };

    public IPollCycle BeginCycle(CycleContext context) => new TokenVendorCycle(url, maxPages, from, context);
}
