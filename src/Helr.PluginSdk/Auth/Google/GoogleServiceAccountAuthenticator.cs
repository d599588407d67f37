using Helr.PluginSdk.Auth.OAuth2;

namespace Helr.PluginSdk.Auth.Google;

/// <summary>
/// <c>auth: {type: google_service_account}</c>: an RS256 assertion signed with the service
/// account's key, exchanged at the key's <c>token_uri</c> by the JWT-bearer grant (RFC 7523).
/// </summary>
internal sealed class GoogleServiceAccountAuthenticator(SecretSource credentials, SecretSource? subject, IReadOnlyList<string> scopes)
    : TokenAuthenticator
{
    protected override Task<AccessToken> FetchAsync(AuthContext context, CancellationToken ct)
    {
        // Read at each fetch, so a replaced key file is picked up.
        var key = ServiceAccountKey.Parse(credentials.Resolve().Reveal(), out var problem)
            ?? throw new HttpRequestException($"{credentials.KeyPath}: the credentials {problem}");
        var sub = subject?.Resolve().Reveal().Trim();
        // A subject file emptied since validation: calling as the service account itself is not what was configured.
        if (sub is { Length: 0 }) throw new HttpRequestException($"{subject!.KeyPath}: {GoogleServiceAccountReader.EmptySubjectError(subject)}");
        return TokenEndpoint.RequestAsync(key.TokenUri, "google_service_account", () => new TokenRequest
        {
            Grant = "jwt-bearer",
            Form = new KeyValuePair<string, string>[]
            {
                new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                new("assertion", Assertion(key, sub, context)),
            },
        }, null, Clock, context, ct);
    }

    private string Assertion(ServiceAccountKey key, string? sub, AuthContext context)
    {
        using var signer = SigningKey.FromPem(key.PrivateKey.Reveal(), out var problem)
            ?? throw new HttpRequestException($"{credentials.KeyPath}: the credentials' private_key {problem}");
        var now = Clock.Now(context.Time).ToUnixTimeSeconds();
        return Jwt.Sign(signer, h =>
        {
            h.WriteString("typ", "JWT");
            if (key.PrivateKeyId is not null) h.WriteString("kid", key.PrivateKeyId);
        }, c =>
        {
            c.WriteString("iss", key.ClientEmail);
            c.WriteString("scope", string.Join(' ', scopes));
            c.WriteString("aud", key.TokenUri.AbsoluteUri);
            c.WriteNumber("iat", now);
            c.WriteNumber("exp", now + 3600);
            if (!string.IsNullOrEmpty(sub)) c.WriteString("sub", sub);
        });
    }
}
