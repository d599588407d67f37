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
        HeaderSecretCheck.Ensure(key, _key.KeyPath, "key");
        request.Headers.Remove(_header);
        request.Headers.TryAddWithoutValidation(_header, key);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
