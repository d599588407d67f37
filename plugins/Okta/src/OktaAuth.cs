using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta;

/// <summary>
/// <c>auth</c> for Okta: any auth the SDK reads (so <c>type: oauth2</c> works as soon as the SDK builds
/// it), except that a bearer token without <c>prefix</c> is an Okta API token and goes out as
/// <c>Authorization: SSWS &lt;token&gt;</c>.
/// </summary>
internal static class OktaAuth
{
    public const string ApiTokenPrefix = "SSWS";

    public static IAuthenticator? Read(ConfigNode config, IHelrEnvironment environment)
    {
        var auth = config.Child("auth");
        if (auth is null)
        {
            config.Fail("auth", "is required for type okta: an API token (type: bearer, token_env: OKTA_API_TOKEN; sent as SSWS) or type: oauth2");
            return null;
        }
        // As case-blind as AuthReader's own choice of type: `type: Bearer` is read as bearer there too.
        if (auth.Kind == ConfigNodeKind.Mapping && string.Equals(auth.Child("type")?.ScalarValue, "bearer", StringComparison.OrdinalIgnoreCase) && !auth.Has("prefix"))
        {
            auth.String("type");
            var token = SecretSource.Read(auth, "token", environment);
            return token is null ? null : new BearerAuthenticator(token, ApiTokenPrefix);
        }
        var authenticator = AuthReader.Read(auth, environment);
        CheckScopes(auth);
        return authenticator;
    }

    /// <summary>
    /// Okta's client credentials grant refuses a token request without a scope, and a token without
    /// <c>okta.logs.read</c> is refused by the System Log (403): either passed <c>helr validate</c> and then
    /// failed every cycle, naming no setting. A refresh token keeps the scopes it was consented with.
    /// </summary>
    private static void CheckScopes(ConfigNode auth)
    {
        if (auth.Kind != ConfigNodeKind.Mapping || !string.Equals(auth.Child("type")?.ScalarValue, "oauth2", StringComparison.OrdinalIgnoreCase)
            || auth.Has("refresh_token_env") || auth.Has("refresh_token_file")) return;
        if (auth.Child("scopes") is not { Kind: ConfigNodeKind.Sequence } scopes)
        {
            if (!auth.Has("scopes"))
                auth.Fail("scopes", $"is required for Okta's client credentials grant, which refuses a token request without a scope: write scopes: [{LogsScope}]");
            return;
        }
        // Sent space-separated, so one item may hold several.
        var named = scopes.Items.Select(i => i.ScalarValue ?? "").SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (!named.Contains(LogsScope, StringComparer.Ordinal))
            auth.Fail("scopes", $"does not include {LogsScope}, the scope that lets a token read the System Log: Okta would refuse every request (403)");
    }

    private const string LogsScope = "okta.logs.read";
}
