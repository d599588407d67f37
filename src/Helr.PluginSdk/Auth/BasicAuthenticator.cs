using System.Net.Http.Headers;
using System.Text;

namespace Helr.PluginSdk.Auth;

/// <summary><c>Authorization: Basic base64(user:password)</c>.</summary>
public sealed class BasicAuthenticator : IAuthenticator
{
    private readonly SecretSource _user;
    private readonly SecretSource? _password;

    /// <summary>Creates the authenticator; a missing password is sent as empty (Tailscale tokens).</summary>
    public BasicAuthenticator(SecretSource user, SecretSource? password)
    {
        _user = user;
        _password = password;
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        var pair = _user.Resolve().Reveal() + ":" + (_password?.Resolve().Reveal() ?? "");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
