using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>Reads <c>auth: {type: oauth2}</c>; every problem is recorded with its key path.</summary>
internal static class OAuth2Reader
{
    private static readonly string[] ClientAuthChoices = { "auto", "form", "basic" };

    public static OAuth2Authenticator? Read(ConfigNode auth, IHelrEnvironment environment)
    {
        var tokenUrl = ReadUrl(auth, "token_url");
        // The grant carries the client secret, private-key assertion or refresh token: in clear text over http.
        if (tokenUrl is { } plain && plain.Scheme == Uri.UriSchemeHttp && !plain.IsLoopback)
            auth.Errors.Warn(auth.ChildPath("token_url"), "plain http to another machine: the client secret or refresh token would cross the network unencrypted; use https");
        var clientId = SecretSource.Read(auth, "client_id", environment);
        var secret = SecretSource.Read(auth, "client_secret", environment, required: false);
        var privateKey = SecretSource.Read(auth, "client_private_key", environment, required: false);
        var refresh = SecretSource.Read(auth, "refresh_token", environment, required: false);
        // Not a secret: the id of the public key the app holds, which an app with two (a key rotation) needs to be named.
        var keyId = auth.String("client_private_key_id")?.Trim();
        if (keyId is not null && (keyId.Length == 0 || privateKey is null))
            auth.Fail("client_private_key_id", keyId.Length == 0
                ? "must not be empty: leave it out to send no key id"
                : "names the key of client_private_key_env/_file, which is not set: a client secret sends no assertion to name a key in");
        var scopes = auth.StringList("scopes") ?? Array.Empty<string>();
        var dpop = auth.Boolean("dpop") ?? false;
        var clientAuth = auth.Choice("client_auth", ClientAuthChoices) switch
        {
            "form" => ClientAuthentication.Form,
            "basic" => ClientAuthentication.Basic,
            _ => ClientAuthentication.Auto,
        };
        if (secret is null && privateKey is null && refresh is null)
            auth.Fail("client_secret_env", "required for the client_credentials grant (or set client_secret_file, client_private_key_env/_file, or refresh_token_env/_file)");
        if (privateKey is not null && privateKey.Problem() is null)
        {
            using var key = SigningKey.FromPem(privateKey.Resolve().Reveal(), out var problem);
            if (key is null) auth.Fail(privateKey.FilePath is null ? "client_private_key_env" : "client_private_key_file", $"the private key {problem}");
        }
        if (privateKey is not null && auth.Has("client_auth"))
            auth.Fail("client_auth", "applies to a client secret; with client_private_key the client authenticates by a signed assertion (private_key_jwt)");
        if (tokenUrl is null || clientId is null || auth.Errors.HasErrors) return null;
        return new OAuth2Authenticator(new OAuth2Options
        {
            TokenUrl = tokenUrl, ClientId = clientId, ClientSecret = secret, ClientPrivateKey = privateKey, ClientPrivateKeyId = keyId,
            RefreshToken = refresh, Scopes = scopes, DPoP = dpop, ClientAuth = clientAuth,
        });
    }

    /// <summary>An absolute http(s) URL; plain http is accepted for loopback and test servers.</summary>
    internal static Uri? ReadUrl(ConfigNode auth, string key, bool required = true)
    {
        var text = auth.String(key, required);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)) return url;
        // Without user info or query: a mistyped URL may still carry a password or a secret parameter.
        auth.Fail(key, $"expected an absolute http(s) URL, found \"{Declarative.DeclarativeReader.Shown(text)}\"");
        return null;
    }
}
