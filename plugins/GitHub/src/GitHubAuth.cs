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
        var type = auth.Kind == ConfigNodeKind.Mapping ? auth.Child("type")?.ScalarValue : null;
        // As case-blind as AuthReader's own types (`type: Bearer` is bearer there).
        if (string.Equals(type, AppType, StringComparison.OrdinalIgnoreCase))
            return GitHubAppAuthenticator.Read(auth, url, environment);
        // AuthReader's error would list its own types only: a `github-app` typo read as "github_app does not exist".
        if (type is not null && !AuthReader.BuiltInTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            auth.Choice("type", [.. AuthReader.BuiltInTypes, AppType]);
            auth.MarkOpaque();
            return null;
        }
        return AuthReader.Read(auth, environment);
    }
}
