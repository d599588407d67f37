using System.Net.Http.Headers;

namespace Helr.PluginSdk.Auth;

/// <summary><c>Authorization: &lt;prefix&gt; &lt;token&gt;</c>; prefix <c>Bearer</c> by default, <c>SSWS</c> for Okta; an empty prefix sends the token alone.</summary>
public sealed class BearerAuthenticator : IAuthenticator
{
    private readonly SecretSource _token;
    private readonly string _prefix;

    /// <summary>Creates the authenticator.</summary>
    public BearerAuthenticator(SecretSource token, string prefix = "Bearer")
    {
        _token = token;
        _prefix = prefix;
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        var token = _token.Resolve().Reveal();
        HeaderSecretCheck.Ensure(token, _token.KeyPath, "token");
        if (_prefix.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(_prefix, token);
            return ValueTask.CompletedTask;
        }
        // An empty prefix: the token alone, as upstream's "<prefix> <token>" sends it (some APIs want no scheme).
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", token);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
