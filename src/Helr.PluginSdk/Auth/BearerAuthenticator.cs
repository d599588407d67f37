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
        // .NET's own refusal names neither the source nor the setting (a variable's trailing newline,
        // say); the message must not quote the value.
        if (token.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new InvalidOperationException($"{_token.KeyPath}: the token contains a line break or NUL character, which a header cannot carry");
        // .NET sends header values as ASCII and refuses any other character at each send, retried, naming no
        // setting: U+FFFD from a secret file that is not UTF-8 text, a typographic quote pasted with the token.
        if (!System.Text.Ascii.IsValid(token))
            throw new InvalidOperationException($"{_token.KeyPath}: the token contains a character that is not ASCII, which a header cannot carry "
                + "(is the secret file UTF-8 text? was a typographic quote or a non-breaking space pasted with it?)");
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
