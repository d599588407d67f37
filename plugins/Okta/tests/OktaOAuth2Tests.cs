using System.Security.Cryptography;
using Helr.Plugins.Okta.Tests.Support;

namespace Helr.Plugins.Okta.Tests;

/// <summary>
/// <c>auth: {type: oauth2}</c> as Okta wants it for the System Log: a service app's client credentials
/// with <c>private_key_jwt</c>, a DPoP-bound token (Okta first answers <c>use_dpop_nonce</c>), scope
/// <c>okta.logs.read</c>; checked by a fake token endpoint and a fake System Log that accepts only the
/// tokens it issued, with a proof bound to the token's key.
/// </summary>
public sealed class OktaOAuth2Tests
{
    private const string ClientId = "0oa1service2app3";

    private static string Yaml(string url, string tokenUrl) => $"""
        url: {url}
        auth:
          type: oauth2
          token_url: {tokenUrl}
          client_id_env: OKTA_CLIENT_ID
          client_private_key_env: OKTA_CLIENT_KEY
          scopes: [okta.logs.read]
          dpop: true
        """;

    [Fact]
    public async Task Client_credentials_with_private_key_jwt_and_dpop_collect_the_system_log()
    {
        using var key = RSA.Create(2048);
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/oauth2/v1/token")
        {
            ClientId = ClientId, AssertionKey = key, Scope = "okta.logs.read", DPoP = true, DPoPNonce = "okta-nonce-1",
        };
        server.OnGet("/api/v1/logs", r => tokens.CheckResourceRequest(r, server) is { } problem
            ? FakeResponse.Json($$"""{"errorCode":"E0000011","errorSummary":"Invalid token provided: {{problem}}"}""", 401)
            : r.Param("after") is null
                ? PluginTestFiles.Json("logs-page1.json").WithNext(server.Url("/api/v1/logs?limit=1000&after=c1"))
                : PluginTestFiles.Json("logs-empty.json").WithNext(server.Url("/api/v1/logs?limit=1000&after=c1")));
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = ClientId;
        env.Variables["OKTA_CLIENT_KEY"] = key.ExportPkcs8PrivateKeyPem();
        using var harness = SourceHarness.Create(new OktaSourceType(), Yaml(server.Url("/api/v1/logs"), tokens.TokenUrl), server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Empty(tokens.Problems);
        Assert.Equal(2, cycle.Lines.Count);
        var token = Assert.Single(tokens.IssuedTokens);
        // The nonce challenge costs one more token request; the token then serves both pages.
        var tokenRequests = cycle.Requests.Where(r => r.Path == "/oauth2/v1/token").ToList();
        Assert.Equal(2, tokenRequests.Count);
        var assertion = tokens.Assertions[^1];
        Assert.Equal(("RS256", ClientId, tokens.TokenUrl), (assertion.Alg, assertion.Claim("iss"), assertion.Claim("aud")));
        var api = cycle.Requests.Where(r => r.Path == "/api/v1/logs").ToList();
        Assert.Equal(2, api.Count);
        Assert.All(api, r => Assert.Equal("DPoP " + token, r.Header("Authorization")));
        Assert.DoesNotContain(cycle.Log, l => l.Contains(token, StringComparison.Ordinal) || l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_client_assertion_names_its_key_id_so_a_key_rotation_with_two_keys_registered_goes_on()
    {
        // With two public keys on the app (a rotation under way), Okta refuses an assertion naming none
        // ("The client_assertion JWT kid is invalid"): the key id tells it which one to verify with.
        using var key = RSA.Create(2048);
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/oauth2/v1/token") { ClientId = ClientId, AssertionKey = key, Scope = "okta.logs.read", DPoP = true };
        server.OnGet("/api/v1/logs", _ => PluginTestFiles.Json("logs-empty.json").WithNext(server.Url("/api/v1/logs?limit=1000&after=c1")));
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = ClientId;
        env.Variables["OKTA_CLIENT_KEY"] = key.ExportPkcs8PrivateKeyPem();
        using var harness = SourceHarness.Create(new OktaSourceType(),
            Yaml(server.Url("/api/v1/logs"), tokens.TokenUrl) + "\n  client_private_key_id: new-2025-key", server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal("new-2025-key", tokens.Assertions[^1].Header.GetProperty("kid").GetString());
    }

    [Fact]
    public async Task A_rejected_client_assertion_fails_with_oktas_error_and_no_secret()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/oauth2/v1/token") { ClientId = ClientId, AssertionKey = other, Scope = "okta.logs.read", DPoP = true };
        server.OnGet("/api/v1/logs", _ => PluginTestFiles.Json("logs-page1.json"));
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = ClientId;
        env.Variables["OKTA_CLIENT_KEY"] = key.ExportPkcs8PrivateKeyPem();
        using var harness = SourceHarness.Create(new OktaSourceType(), Yaml(server.Url("/api/v1/logs"), tokens.TokenUrl), server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("client assertion signature", cycle.Error);
        Assert.Empty(cycle.Lines);
        Assert.DoesNotContain(cycle.Requests, r => r.Path == "/api/v1/logs");
        Assert.DoesNotContain("PRIVATE KEY", cycle.Error);
    }
}
