namespace Helr.PluginSdk.Auth;

/// <summary>Sends the key in a header of the user's choosing (<c>&lt;header&gt;: &lt;key&gt;</c>).</summary>
public sealed class ApiKeyAuthenticator : IAuthenticator
{
    private readonly string _header;
    private readonly SecretSource _key;

    /// <summary>Creates the authenticator.</summary>
    public ApiKeyAuthenticator(string header, SecretSource key)
    {
        _header = header;
        _key = key;
    }

    /// <inheritdoc />
    public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken cancellationToken)
    {
        var key = _key.Resolve().Reveal();
        // Sent without validation, a line break would end the header and start another one; the
        // message must not quote the value.
        if (key.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new InvalidOperationException($"{_key.KeyPath}: the key contains a line break or NUL character, which a header cannot carry");
        // .NET sends header values as ASCII and refuses any other character at each send, retried, naming no
        // setting: U+FFFD from a secret file that is not UTF-8 text, a typographic quote pasted with the key.
        if (!System.Text.Ascii.IsValid(key))
            throw new InvalidOperationException($"{_key.KeyPath}: the key contains a character that is not ASCII, which a header cannot carry "
                + "(is the secret file UTF-8 text? was a typographic quote or a non-breaking space pasted with it?)");
        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
