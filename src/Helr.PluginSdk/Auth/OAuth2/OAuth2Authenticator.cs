using Helr.PluginSdk.Sources;
using System.Net;
using System.Text;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// <c>auth: {type: oauth2}</c>: the refresh-token grant when a refresh token is configured, else
/// client credentials; the client authenticates with its secret (form or HTTP Basic) or a signed
/// <c>private_key_jwt</c> assertion; optionally DPoP-bound tokens.
/// </summary>
internal sealed class OAuth2Authenticator : TokenAuthenticator
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly OAuth2Options _options;
    private readonly RefreshTokenKeeper? _refresh;
    private volatile bool _basic;

    public OAuth2Authenticator(OAuth2Options options)
    {
        _options = options;
        _basic = options.ClientAuth == ClientAuthentication.Basic;
        if (options.RefreshToken is not null) _refresh = new RefreshTokenKeeper(options.RefreshToken, options.TokenUrl);
        if (options.DPoP) Dpop = new DPoPProofs();
    }

    protected override Task<AccessToken> FetchAsync(AuthContext context, CancellationToken ct) =>
        _refresh is null ? RequestAsync(context, null, ct) : _refresh.GrantAsync(context, refreshToken => RequestAsync(context, refreshToken, ct), ct);

    private async Task<AccessToken> RequestAsync(AuthContext context, Secret? refreshToken, CancellationToken ct)
    {
        try
        {
            return await TokenEndpoint.RequestAsync(_options.TokenUrl, "oauth2", () => Build(context, refreshToken), Dpop, Clock, context, ct);
        }
        catch (TokenEndpointException ex) when (ex.Status == (int)HttpStatusCode.Unauthorized && !_basic
            && _options.ClientAuth == ClientAuthentication.Auto && _options.ClientSecret is not null && _options.ClientPrivateKey is null
            && string.Equals(ex.ChallengeScheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            // The server asks for client_secret_basic: use it from now on.
            context.Log.Info("token endpoint asked for HTTP Basic client authentication; using it from now on");
            _basic = true;
            return await TokenEndpoint.RequestAsync(_options.TokenUrl, "oauth2", () => Build(context, refreshToken), Dpop, Clock, context, ct);
        }
    }

    private TokenRequest Build(AuthContext context, Secret? refreshToken)
    {
        var clientId = _options.ClientId.Resolve().Reveal();
        var form = new List<KeyValuePair<string, string>>();
        string grant;
        if (refreshToken is not null)
        {
            grant = "refresh_token";
            form.Add(new("grant_type", "refresh_token"));
            form.Add(new("refresh_token", refreshToken.Reveal()));
        }
        else
        {
            grant = "client_credentials";
            form.Add(new("grant_type", "client_credentials"));
            if (_options.Scopes.Count > 0) form.Add(new("scope", string.Join(' ', _options.Scopes)));
        }
        string? basic = null;
        if (_options.ClientPrivateKey is not null)
        {
            form.Add(new("client_id", clientId));
            form.Add(new("client_assertion_type", AssertionType));
            form.Add(new("client_assertion", Assertion(clientId, context)));
        }
        else if (_options.ClientSecret is not null && _basic)
        {
            // RFC 6749 §2.3.1: each part form-encoded before joining, so a ':' in the id survives.
            var pair = WebUtility.UrlEncode(clientId) + ":" + WebUtility.UrlEncode(_options.ClientSecret.Resolve().Reveal());
            basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(pair));
        }
        else
        {
            form.Add(new("client_id", clientId));
            if (_options.ClientSecret is not null) form.Add(new("client_secret", _options.ClientSecret.Resolve().Reveal()));
        }
        return new TokenRequest { Form = form, BasicCredentials = basic, Grant = grant };
    }

    /// <summary>RFC 7523 client assertion: <c>iss</c> = <c>sub</c> = client id, <c>aud</c> = token URL, 5 minutes, random <c>jti</c>, the <c>kid</c> when configured.</summary>
    private string Assertion(string clientId, AuthContext context)
    {
        using var key = SigningKey.FromPem(_options.ClientPrivateKey!.Resolve().Reveal(), out var problem)
            ?? throw new HttpRequestException($"{_options.ClientPrivateKey.KeyPath}: the private key {problem}");
        var now = Clock.Now(context.Time).ToUnixTimeSeconds();
        return Jwt.Sign(key, h =>
        {
            h.WriteString("typ", "JWT");
            // An app holding two public keys (a rotation under way) refuses an assertion that names neither (Okta: "The client_assertion JWT kid is invalid").
            if (_options.ClientPrivateKeyId is { } kid) h.WriteString("kid", kid);
        }, c =>
        {
            c.WriteString("iss", clientId);
            c.WriteString("sub", clientId);
            c.WriteString("aud", _options.TokenUrl.AbsoluteUri);
            c.WriteNumber("iat", now);
            c.WriteNumber("exp", now + 300);
            c.WriteString("jti", Jwt.NewId());
        });
    }
}
