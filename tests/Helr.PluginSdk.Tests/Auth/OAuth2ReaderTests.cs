using System.Security.Cryptography;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class OAuth2ReaderTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("SECRET", "s3cret")
        .WithVariable("BAD_KEY", "-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----")
        .WithVariable("JWK_KEY", """{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB","d":"c2VjcmV0LWV4cG9uZW50"}""");

    private static string[] Errors(string json)
    {
        var auth = ConfigTree.FromJson(json, "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, Env));
        return auth.Messages().ToArray();
    }

    [Fact]
    public void Oauth2_needs_a_token_url_and_some_client_credential() =>
        Assert.Equal(new[]
        {
            "sources.s.auth.token_url: required",
            "sources.s.auth.client_secret_env: required for the client_credentials grant (or set client_secret_file, client_private_key_env/_file, or refresh_token_env/_file)",
        }, Errors("""{"type": "oauth2", "client_id_env": "ID"}"""));

    [Fact]
    public void A_token_url_must_be_absolute_http() =>
        Assert.Contains("sources.s.auth.token_url: expected an absolute http(s) URL, found \"/oauth2/token\"",
            Errors("""{"type": "oauth2", "token_url": "/oauth2/token", "client_id_env": "ID", "client_secret_env": "SECRET"}"""));

    [Fact]
    public void A_bad_token_url_is_shown_without_its_user_info_or_query()
    {
        var errors = Errors("""{"type": "oauth2", "token_url": "ftp://helr:tk-pass-77@idp.example.com/token?client_secret=cs-88", "client_id_env": "ID", "client_secret_env": "SECRET"}""");
        var error = Assert.Single(errors);
        Assert.StartsWith("sources.s.auth.token_url: expected an absolute http(s) URL, found", error);
        Assert.Contains("idp.example.com/token", error);
        Assert.DoesNotContain("tk-pass-77", error);
        Assert.DoesNotContain("cs-88", error);
    }

    [Theory]
    [InlineData("http://idp.example.com/token", true)]
    [InlineData("http://10.0.0.5:8080/token", true)]
    [InlineData("http://127.0.0.1:8080/token", false)]
    [InlineData("http://localhost/token", false)]
    [InlineData("https://idp.example.com/token", false)]
    public void A_plain_http_token_url_to_another_machine_is_warned_about(string url, bool warned)
    {
        var auth = ConfigTree.FromJson($$"""{"type": "oauth2", "token_url": "{{url}}", "client_id_env": "ID", "client_secret_env": "SECRET"}""", "sources.s.auth");
        Assert.NotNull(AuthReader.Read(auth, Env)); // a warning: the source is still built
        var warnings = auth.Errors.Warnings.Select(w => w.ToString()).ToList();
        if (warned) Assert.Equal("sources.s.auth.token_url: plain http to another machine: the client secret or refresh token would cross the network unencrypted; use https", Assert.Single(warnings));
        else Assert.Empty(warnings);
    }

    [Fact]
    public void An_unparsable_private_key_is_named_without_its_text()
    {
        var errors = Errors("""{"type": "oauth2", "token_url": "https://a.example.com/t", "client_id_env": "ID", "client_private_key_env": "BAD_KEY"}""");
        Assert.Equal(new[] { "sources.s.auth.client_private_key_env: the private key is not a readable RSA or P-256 EC private key in PEM" }, errors);
    }

    [Fact]
    public void A_private_key_pasted_as_a_jwk_is_named_so_without_its_text()
    {
        // Pasted from a console that shows the key as JSON, the error only said "no -----BEGIN line".
        var errors = Errors("""{"type": "oauth2", "token_url": "https://a.example.com/t", "client_id_env": "ID", "client_private_key_env": "JWK_KEY"}""");
        var error = Assert.Single(errors);
        Assert.Equal("sources.s.auth.client_private_key_env: the private key is a JSON Web Key (JWK), not PEM: copy the key in PEM form (-----BEGIN PRIVATE KEY-----)", error);
        Assert.DoesNotContain("c2VjcmV0", error);
    }

    [Theory]
    [InlineData("SECRET_ONLY", "sources.s.auth.client_private_key_id: names the key of client_private_key_env/_file, which is not set: a client secret sends no assertion to name a key in")]
    [InlineData("EMPTY", "sources.s.auth.client_private_key_id: must not be empty: leave it out to send no key id")]
    public void A_key_id_needs_a_private_key_and_a_value(string variant, string expected)
    {
        using var rsa = RSA.Create(2048);
        var env = new FakeEnvironment().WithVariable("ID", "c").WithVariable("SECRET", "s").WithVariable("KEY", rsa.ExportPkcs8PrivateKeyPem());
        var credential = variant == "SECRET_ONLY" ? "\"client_secret_env\": \"SECRET\", \"client_private_key_id\": \"k1\""
            : "\"client_private_key_env\": \"KEY\", \"client_private_key_id\": \" \"";
        var auth = ConfigTree.FromJson("{\"type\": \"oauth2\", \"token_url\": \"https://a.example.com/t\", \"client_id_env\": \"ID\", " + credential + "}", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, env));
        Assert.Equal(new[] { expected }, auth.Messages());
    }

    [Fact]
    public void Client_auth_with_a_private_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var env = new FakeEnvironment().WithVariable("ID", "c").WithVariable("KEY", rsa.ExportPkcs8PrivateKeyPem());
        var auth = ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://a.example.com/t", "client_id_env": "ID", "client_private_key_env": "KEY", "client_auth": "basic"}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, env));
        Assert.Contains(auth.Messages(), m => m.StartsWith("sources.s.auth.client_auth: applies to a client secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_valid_block_builds_an_authenticator()
    {
        var auth = ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://a.example.com/t", "client_id_env": "ID", "client_secret_env": "SECRET", "scopes": ["a", "b"], "dpop": true}""", "sources.s.auth");
        Assert.NotNull(AuthReader.Read(auth, Env));
        auth.ReportUnknownKeys();
        Assert.Empty(auth.Errors.All);
    }

    [Fact]
    public void Google_needs_credentials_and_at_least_one_scope() =>
        Assert.Equal(new[]
        {
            "sources.s.auth.credentials_env: required (or set credentials_file)",
            "sources.s.auth.scopes: needs at least one scope",
        }, Errors("""{"type": "google_service_account", "scopes": []}"""));

    [Fact]
    public void A_google_ec_key_is_refused_since_google_signs_with_RS256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var json = System.Text.Json.JsonSerializer.Serialize(new { type = "service_account", client_email = "a@b.c", private_key = ec.ExportPkcs8PrivateKeyPem() });
        var env = new FakeEnvironment().WithFile("/k.json", json);
        var auth = ConfigTree.FromJson("""{"type": "google_service_account", "credentials_file": "/k.json", "scopes": ["x"]}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, env));
        Assert.Equal(new[] { "sources.s.auth.credentials_file: the credentials' private_key must be an RSA key (Google signs service account assertions with RS256)" }, auth.Messages());
    }
}
