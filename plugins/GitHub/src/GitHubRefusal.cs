using System.Text.Json;
using Helr.PluginSdk.Http;

namespace Helr.Plugins.GitHub;

/// <summary>
/// What GitHub's refusals of the audit log mean. It answers <c>404 Not Found</c> alike for an org or
/// enterprise that does not exist, one not on Enterprise Cloud, an enterprise slug that is an org's
/// name, and a token that may not read its audit log; the bare "HTTP 404 … Not Found" named none of them,
/// and a 403 named GitHub's message without the scope or permission it wants.
/// </summary>
internal static class GitHubRefusal
{
    private const string Permissions =
        "a classic token needs the read:audit_log scope (its user an owner), a fine-grained token or a GitHub App the "
        + "organization permission \"Administration: read\"";

    private const string EnterprisePermissions =
        "an enterprise owner's classic token with the read:audit_log scope, or a fine-grained token or GitHub App with the enterprise permission \"Enterprise administration: read\"";

    /// <summary>The error for a 403 or 404 answer to an audit-log page; null for anything else (a rate limit that outlasted its retries).</summary>
    public static string? Describe(PageResponse response, Uri configured)
    {
        if (response.StatusCode is not (403 or 404) || IsRateLimit(response)) return null;
        var (kind, name) = Target(configured);
        var what = kind is null ? "this audit log" : $"the audit log of {kind} '{name}'";
        var message = Message(response.Body.Span);
        var hint = (response.StatusCode, kind) switch
        {
            // Its own 403 for a token not yet allowed past the org's SAML single sign-on, whatever its scopes.
            (403, _) when message.Contains("SAML", StringComparison.Ordinal) =>
                "authorize the token for the organization's SAML single sign-on (the token's settings on GitHub, Configure SSO)",
            (404, "organization") => $"GitHub answers 404 when the organization does not exist (org is the name in github.com/<org>), "
                + $"is not on GitHub Enterprise Cloud (the audit log API is Enterprise Cloud only), or the token may not read its audit log: {Permissions}. "
                + "For an enterprise's audit log, set enterprise instead of org",
            (404, "enterprise") => "GitHub answers 404 when the enterprise does not exist (enterprise is the slug in github.com/enterprises/<slug>; "
                + "for an organization, set org instead) or the token may not read its audit log: " + EnterprisePermissions,
            (404, _) => $"GitHub answers 404 when the org or enterprise in url does not exist, is not on Enterprise Cloud, or the token may not read its audit log: {Permissions}",
            (_, "enterprise") => "the token may not read it: " + EnterprisePermissions,
            _ => $"the token may not read it: {Permissions}",
        };
        // Neither user info nor query: a url may carry a password, and the query is GitHub's link.
        var url = response.Url;
        return $"HTTP {response.StatusCode} from {url.Scheme}://{url.Authority}{url.AbsolutePath} (GitHub: {message}) for {what}: {hint}";
    }

    // Left to the kernel's message: its retries saw it as the rate limit it says it is.
    private static bool IsRateLimit(PageResponse response) =>
        response.StatusCode == 403 && (response.HeaderValues("Retry-After").Any() || response.HeaderValues("x-ratelimit-remaining").Contains("0")
            || Message(response.Body.Span).Contains("rate limit", StringComparison.OrdinalIgnoreCase));

    private static (string? Kind, string? Name) Target(Uri configured)
    {
        var segments = configured.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 2 < segments.Length; i++)
        {
            if (segments[i + 2] != "audit-log") continue;
            if (segments[i] == "orgs") return ("organization", Uri.UnescapeDataString(segments[i + 1]));
            if (segments[i] == "enterprises") return ("enterprise", Uri.UnescapeDataString(segments[i + 1]));
        }
        return (null, null);
    }

    // GitHub's error bodies are {"message": "...", "documentation_url": "..."}; they never echo the token.
    private static string Message(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                return m.GetString()!;
        }
        catch (JsonException)
        {
        }
        return "no message";
    }
}
