using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword;

/// <summary>
/// What an Events Reporting token says of itself: it is a JWT whose <c>aud</c> names the Events API host
/// of its account's region and whose <c>1password.com/fts</c> lists the events it may read, which is how
/// 1Password's own integrations find their URL. A source configured for another region or event type
/// passed <c>helr validate</c> and was then refused every cycle, the error naming neither key. The claims
/// are read, not verified (the server does that); the token itself is never shown.
/// </summary>
internal static class EventsToken
{
    // Tokens of the first Events API integrations name no host.
    private const string AudienceWithoutHost = "com.1password.streamingservice";

    public static void Check(ConfigNode config, ConfigNode auth, Uri endpoint, string events, bool urlSet, IHelrEnvironment environment)
    {
        if (auth.String("type") != "bearer") return;
        var source = new SecretSource { EnvName = auth.String("token_env"), FilePath = auth.String("token_file"), KeyPath = auth.ChildPath("token"), Environment = environment };
        if ((source.EnvName is null && source.FilePath is null) || source.Problem() is not null) return;
        if (Claims(source.Resolve().Reveal()) is not { } claims) return;
        using (claims)
        {
            var root = claims.RootElement;
            if (Audience(root) is { } host && !host.Equals(endpoint.Authority, StringComparison.OrdinalIgnoreCase)
                && (!urlSet || OnePasswordSourceType.Regions.Values.Any(h => new Uri(h).Authority.Equals(endpoint.Authority, StringComparison.OrdinalIgnoreCase))))
            {
                var region = OnePasswordSourceType.Regions.FirstOrDefault(r => new Uri(r.Value).Authority.Equals(host, StringComparison.OrdinalIgnoreCase)).Key;
                config.Fail(urlSet ? "url" : "region", $"the token is for {host} (the host its aud claim names), so {endpoint.Authority} would refuse it every cycle (HTTP 401): "
                    + (region is not null ? $"set region: {region}{(urlSet ? " instead of url" : "")}" : $"set url: https://{host}"));
            }
            if (root.TryGetProperty("1password.com/fts", out var fts) && fts.ValueKind == JsonValueKind.Array)
            {
                var may = fts.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!).ToList();
                if (!may.Contains(events, StringComparer.OrdinalIgnoreCase))
                    config.Fail("events", $"the token may read {(may.Count == 0 ? "no events" : string.Join(", ", may) + " only")} (the events its 1password.com/fts claim lists), "
                        + $"so the API would refuse {events} every cycle: add them to the Events Reporting integration and use its new token, or set events to one the token has");
            }
        }
    }

    private static string? Audience(JsonElement root)
    {
        if (!root.TryGetProperty("aud", out var aud)) return null;
        var first = aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().FirstOrDefault() : aud;
        var host = first.ValueKind == JsonValueKind.String ? first.GetString() : null;
        // A host, as 1Password's tools take it (https:// + aud); anything else is not judged.
        return host is null || host == AudienceWithoutHost || !Uri.TryCreate("https://" + host, UriKind.Absolute, out var url)
            || url.Authority != host.ToLowerInvariant() ? null : host;
    }

    // The payload of a compact JWS, or null for a token of another form.
    private static JsonDocument? Claims(string token)
    {
        var parts = token.Trim().Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])));
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            return null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
