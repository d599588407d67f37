using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>
/// <c>auth</c> for GitHub: a personal access token (<c>type: bearer</c>, read by the SDK) or a GitHub
/// App installation (<c>type: github_app</c>, this plugin's own authenticator).
/// </summary>
internal static class GitHubAuth
{
    public const string AppType = "github_app";

    public static IAuthenticator? Read(ConfigNode config, Uri? url, IHelrEnvironment environment)
    {
        var auth = config.Child("auth");
        if (auth is null)
        {
            config.Fail("auth", "is required for type github: a token with read:audit_log (type: bearer, token_env: GITHUB_TOKEN) or a GitHub App (type: github_app)");
            return null;
        }
        if (auth.Kind == ConfigNodeKind.Mapping && auth.Child("type")?.ScalarValue == AppType)
            return GitHubAppAuthenticator.Read(auth, url, environment);
        return AuthReader.Read(auth, environment);
    }
}
