using Helr.PluginSdk.Config;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Auth;

/// <summary>Reads a source's <c>auth:</c> block into an authenticator.</summary>
public static class AuthReader
{
    /// <summary>Auth types this reader builds.</summary>
    public static readonly IReadOnlyList<string> BuiltInTypes = new[] { "bearer", "api_key", "basic", "oauth2", "google_service_account" };

    /// <summary>Auth types upstream Helr knows that are parsed but not built yet: none since SDK 1.1.</summary>
    public static readonly IReadOnlyList<string> PlannedTypes = Array.Empty<string>();

    /// <summary>Builds the authenticator for <paramref name="auth"/>, or null when it is absent or invalid.</summary>
    public static IAuthenticator? Read(ConfigNode? auth, IHelrEnvironment environment)
    {
        if (auth is null) return null;
        if (auth.Kind != ConfigNodeKind.Mapping)
        {
            auth.Fail("expected a map with a 'type' key");
            return null;
        }
        var type = auth.Choice("type", BuiltInTypes.Concat(PlannedTypes).ToArray(), required: true);
        switch (type)
        {
            case "bearer":
                var token = HeaderSafe(auth, SecretSource.Read(auth, "token", environment), "token");
                var prefix = ReadPrefix(auth);
                return token is null || prefix is null ? null : new BearerAuthenticator(token, prefix);
            case "api_key":
                var header = auth.String("header", required: true);
                // A name that is not an HTTP token ("X-Api-Key:") passed validate and then failed every poll
                // with .NET's "The header name ... has an invalid format", naming no setting.
                if (header is not null && !HttpToken.IsHeaderName(header))
                {
                    auth.Fail("header", $"'{header}' is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
                    header = null;
                }
                // Content-Type, Expires, …: .NET refuses them on a request ("Misused header name") at every poll.
                else if (header is not null && !CanCarry(header))
                {
                    auth.Fail("header", $"'{header}' is a header of a request's body, not of the request, so no key can be sent in it; name the header the API reads the key from (e.g. X-Api-Key)");
                    header = null;
                }
                var key = HeaderSafe(auth, SecretSource.Read(auth, "key", environment), "key");
                return header is null || key is null ? null : new ApiKeyAuthenticator(header, key);
            case "basic":
                var user = SecretSource.Read(auth, "user", environment);
                // An empty password is one (Tailscale's API key is the user, with none; upstream required password_env).
                var password = SecretSource.Read(auth, "password", environment, required: false, allowEmpty: true);
                return user is null ? null : new BasicAuthenticator(user, password);
            case "oauth2":
                return OAuth2.OAuth2Reader.Read(auth, environment);
            case "google_service_account":
                return Google.GoogleServiceAccountReader.Read(auth, environment);
            case null:
                // No usable type: which keys belong here is unknown, so the type's error stands alone.
                auth.MarkOpaque();
                return null;
            default:
                auth.MarkOpaque();
                auth.Fail("type", $"auth type '{type}' is not supported yet (supported: {string.Join(", ", BuiltInTypes)})");
                return null;
        }
    }

    // Upstream sends "<prefix> <token>": blanks around the prefix change nothing there, and an empty one
    // sends the token alone. A scheme a header cannot carry failed every poll here, naming no key.
    private static string? ReadPrefix(ConfigNode auth)
    {
        var prefix = auth.String("prefix")?.Trim();
        if (prefix is null) return "Bearer";
        if (prefix.All(HttpToken.IsChar)) return prefix;
        auth.Fail("prefix", $"'{prefix}' is not one word of letters, digits and !#$%&'*+-.^_`|~ (e.g. Bearer, SSWS, Token), or empty for the token alone");
        return null;
    }

    // A value sent as a header must not hold a line break: a variable set from a secret written by echo
    // (a Kubernetes secretKeyRef) ends in one, and such a token passed validate and then failed every
    // request, counted by the circuit breaker as the API's failure. A file's value is trimmed already.
    private static SecretSource? HeaderSafe(ConfigNode auth, SecretSource? secret, string prefix)
    {
        if (secret is null || secret.Problem() is not null || secret.Resolve().Reveal().AsSpan().IndexOfAny('\r', '\n', '\0') < 0) return secret;
        var (key, where) = secret.FilePath is null
            ? (prefix + "_env", $"environment variable {secret.EnvName}")
            : (prefix + "_file", $"secret file \"{secret.FilePath}\"");
        auth.Fail(key, $"{where} holds a line break or NUL character, which a header cannot carry"
            + (secret.FilePath is null ? " (a trailing newline from the secret it was set from? strip it, or use " + prefix + "_file, whose value is trimmed)" : ""));
        return null;
    }

    private static bool CanCarry(string name)
    {
        using var probe = new HttpRequestMessage();
        return probe.Headers.TryAddWithoutValidation(name, "");
    }
}
