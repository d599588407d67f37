using System.Text.Json;

namespace Helr.PluginSdk.Auth.Google;

/// <summary>The parts of a Google service account key JSON that signing needs.</summary>
internal sealed record ServiceAccountKey
{
    /// <summary>Where Google's keys send assertions when the key names no <c>token_uri</c>.</summary>
    public static readonly Uri DefaultTokenUri = new("https://oauth2.googleapis.com/token");

    public required string ClientEmail { get; init; }
    public required Secret PrivateKey { get; init; }
    public string? PrivateKeyId { get; init; }
    public required Uri TokenUri { get; init; }

    /// <summary>Parses the key JSON; null with <paramref name="problem"/> saying what is wrong, worded to follow "the credentials" (never quoting the key).</summary>
    public static ServiceAccountKey? Parse(string json, out string? problem)
    {
        problem = null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "are not a JSON object (expected a service account key file)";
                return null;
            }
            var type = Text(root, "type");
            if (type is not null && type != "service_account")
            {
                problem = $"are '{type}' credentials, not a service account key (\"type\": \"service_account\")";
                return null;
            }
            var email = Text(root, "client_email");
            var key = Text(root, "private_key");
            if (email is null || key is null)
            {
                problem = $"lack \"{(email is null ? "client_email" : "private_key")}\" (expected a service account key file)";
                return null;
            }
            var tokenUri = DefaultTokenUri;
            if (Text(root, "token_uri") is { } uri)
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
                {
                    problem = "have a \"token_uri\" that is not an absolute http(s) URL";
                    return null;
                }
                tokenUri = parsed;
            }
            return new ServiceAccountKey { ClientEmail = email, PrivateKey = new Secret(key), PrivateKeyId = Text(root, "private_key_id"), TokenUri = tokenUri };
        }
        catch (JsonException)
        {
            // JsonException messages may quote the text around the error: not shown.
            problem = "are not valid JSON (expected a service account key file)";
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
