using System.Net.Http.Headers;

namespace Helr.PluginSdk.Auth;

/// <summary><c>Authorization: &lt;prefix&gt; &lt;token&gt;</c>; prefix <c>Bearer</c> by default, <c>SSWS</c> for Okta.</summary>
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
        request.Headers.Authorization = new AuthenticationHeaderValue(_prefix, _token.Resolve().Reveal());
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
