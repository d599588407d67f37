namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>A source's <c>auth: {type: oauth2}</c> block, read and checked.</summary>
internal sealed record OAuth2Options
{
    public required Uri TokenUrl { get; init; }
    public required SecretSource ClientId { get; init; }
    public SecretSource? ClientSecret { get; init; }

    /// <summary><c>private_key_jwt</c>: a PEM RSA or P-256 key; the secret is then not sent.</summary>
    public SecretSource? ClientPrivateKey { get; init; }

    /// <summary>The <c>kid</c> the client assertion names (<c>client_private_key_id</c>), or null for none.</summary>
    public string? ClientPrivateKeyId { get; init; }
    public SecretSource? RefreshToken { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = Array.Empty<string>();
    public bool DPoP { get; init; }
    public ClientAuthentication ClientAuth { get; init; }
}
