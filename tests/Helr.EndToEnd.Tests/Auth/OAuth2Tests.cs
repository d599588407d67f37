using System.Security.Cryptography;
using System.Text;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>oauth2 against a fake authorization server that checks secrets and signatures as a real one does.</summary>
public sealed class OAuth2Tests
{
    private const string Secret = "cl1ent-S3cret-value";

    private static Dictionary<string, string?> Env(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => (string?)v.Value);

    [Fact]
    public async Task Client_credentials_with_the_secret_in_the_form_fetch_one_token_for_all_pages()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = Secret });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            scopes: [logs.read, audit.read]
            """, Env(("E2E_CLIENT_ID", "helr-client"), ("E2E_CLIENT_SECRET", Secret)));
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Empty(auth.Problems);
        Assert.Empty(api.Problems);
        var token = Assert.Single(auth.TokenRequests);
        var form = FormBody.Parse(token.Body);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("logs.read audit.read", form["scope"]);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Header("Content-Type"));
        Assert.All(api.Server.Requests, r => Assert.Equal("Bearer " + auth.IssuedTokens[0], r.Header("Authorization")));
    }

    [Fact]
    public async Task Client_auth_basic_sends_the_secret_in_the_Authorization_header_only()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientId = "id:with:colons", ClientSecret = "s&cr+t", BasicOnly = true });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            client_auth: basic
            """, Env(("E2E_CLIENT_ID", "id:with:colons"), ("E2E_CLIENT_SECRET", "s&cr+t")));
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        var token = Assert.Single(auth.TokenRequests);
        Assert.StartsWith("Basic ", token.Header("Authorization"));
        Assert.DoesNotContain("client_secret", token.Body);
    }

    [Fact]
    public async Task A_Basic_challenge_from_the_token_endpoint_switches_to_client_secret_basic()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = Secret, BasicOnly = true });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            """, Env(("E2E_CLIENT_ID", "helr-client"), ("E2E_CLIENT_SECRET", Secret)));
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, auth.TokenRequests.Count);
        Assert.Contains("client_secret=", auth.TokenRequests[0].Body);
        Assert.StartsWith("Basic ", auth.TokenRequests[1].Header("Authorization"));
    }

    public static TheoryData<string> KeyKinds() => new() { "RS256", "ES256" };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Private_key_jwt_assertions_verify_and_a_401_renews_the_token_with_a_new_jti(string alg)
    {
        using AsymmetricAlgorithm key = alg == "RS256" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // PKCS#1 / SEC1 PEM pasted into one variable with literal \n, as in upstream's docs.
        var pem = (key is RSA rsa ? rsa.ExportRSAPrivateKeyPem() : ((ECDsa)key).ExportECPrivateKeyPem()).Replace("\n", "\\n");
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { AssertionKey = key });
        await using var api = await FakeProtectedApi.StartAsync(auth, revokeFirstToken: true);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_private_key_env: E2E_CLIENT_KEY
            scopes: [okta.logs.read]
            """, Env(("E2E_CLIENT_ID", "helr-client"), ("E2E_CLIENT_KEY", pem)));
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Empty(auth.Problems);
        var assertions = auth.Assertions;
        Assert.Equal(2, assertions.Count);
        Assert.All(assertions, a => Assert.Equal(alg, a.Alg));
        Assert.NotEqual(assertions[0].Claim("jti"), assertions[1].Claim("jti"));
        // The renewed token is used for the retry and the next page.
        Assert.Equal(3, api.Server.Requests.Count);
        Assert.Equal("Bearer " + auth.IssuedTokens[1], api.Server.Requests[2].Header("Authorization"));
    }

    [Fact]
    public async Task An_unreadable_private_key_is_a_validate_error_naming_the_key()
    {
        using var dir = new TempDir();
        var keyFile = dir.Write("client.pem", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        var run = new AuthRun(dir, "https://api.example.com/logs", $"""
            type: oauth2
            token_url: https://auth.example.com/oauth2/token
            client_id_env: E2E_CLIENT_ID
            client_private_key_file: {keyFile}
            """, Env(("E2E_CLIENT_ID", "helr-client")));
        var result = await run.ValidateAsync();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.s1.auth.client_private_key_file: the private key is not a readable RSA or P-256 EC private key in PEM", result.Stderr);
        Assert.DoesNotContain("bm90IGEga2V5", result.Stderr);
    }

    [Fact]
    public async Task A_token_endpoint_error_names_error_and_description_without_the_secret()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = "the-right-one" });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            """, Env(("E2E_CLIENT_ID", "helr-client"), ("E2E_CLIENT_SECRET", Secret)));
        var result = await run.OnceAsync("-v");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"oauth2 token endpoint {auth.TokenUrl} answered 401: invalid_client (Client authentication failed) for the client_credentials grant", result.Stderr);
        Assert.Empty(api.Server.Requests);
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Invalid_grant_from_a_server_whose_clock_differs_says_so()
    {
        await using var auth = await Helr.PluginSdk.Testing.FakeVendorServer.StartAsync();
        auth.OnPost("/token", _ => Helr.PluginSdk.Testing.FakeResponse.Json("""{"error":"invalid_grant","error_description":"JWT expired"}""", 400)
            .WithHeader("Date", DateTimeOffset.UtcNow.AddMinutes(-10).ToString("R")));
        using var key = RSA.Create(2048);
        using var dir = new TempDir();
        var run = new AuthRun(dir, "http://127.0.0.1:9/logs", $"""
            type: oauth2
            token_url: {auth.Url("/token")}
            client_id_env: E2E_CLIENT_ID
            client_private_key_env: E2E_CLIENT_KEY
            """, Env(("E2E_CLIENT_ID", "helr-client"), ("E2E_CLIENT_KEY", key.ExportPkcs8PrivateKeyPem())));
        var result = await run.OnceAsync();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("invalid_grant (JWT expired)", result.Stderr);
        Assert.Matches(@"this host's clock is \d+ s ahead of the server's", result.Stderr);
        Assert.Contains("check NTP", result.Stderr);
    }
}
