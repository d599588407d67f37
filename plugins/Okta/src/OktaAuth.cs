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
        return AuthReader.Read(auth, environment);
    }
}
