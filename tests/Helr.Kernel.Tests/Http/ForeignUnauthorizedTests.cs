using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A 401 from another origin, reached by a redirect that dropped the source's credentials (an API moved
/// to another host, a download host refusing an expired link): the token was never shown there, so it
/// says nothing about the token. Taken as the token's refusal, it cost a token request and a second
/// round of redirects for every such request.
/// </summary>
public sealed class ForeignUnauthorizedTests
{
    [Fact]
    public async Task A_401_from_another_origin_after_a_redirect_does_not_renew_the_token_or_resend()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value" };
        await using var elsewhere = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => new FakeResponse { Status = 302 }.WithHeader("Location", elsewhere.Url("/logs")));
        elsewhere.OnGet("/logs", _ => FakeResponse.Json("""{"error":"unauthorized"}""", 401));
        using var client = Client(tokens, server);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/logs")), CancellationToken.None);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Single(tokens.IssuedTokens);
        Assert.Single(server.Requests, r => r.Path == "/logs");
        Assert.Single(elsewhere.Requests);
    }

    [Fact]
    public async Task A_401_from_the_api_itself_still_renews_the_token_once()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value" };
        server.OnGet("/v1/logs", _ => new FakeResponse { Status = 302 }.WithHeader("Location", server.Url("/v2/logs")));
        var calls = 0;
        server.OnGet("/v2/logs", _ => Interlocked.Increment(ref calls) == 1 ? FakeResponse.Json("""{"error":"expired"}""", 401) : FakeResponse.Json("[]"));
        using var client = Client(tokens, server);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/v1/logs")), CancellationToken.None);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, tokens.IssuedTokens.Count);
    }

    private static SourceHttpClient Client(FakeTokenEndpoint tokens, FakeVendorServer api)
    {
        var env = new Support.TestEnvironment();
        env.Variables["ID"] = "helr-client";
        env.Variables["SECRET"] = "s3cret-value";
        var auth = AuthReader.Read(ConfigTree.FromJson($$"""{"type": "oauth2", "token_url": "{{tokens.TokenUrl}}", "client_id_env": "ID", "client_secret_env": "SECRET"}""", "sources.s1.auth"), env)!;
        return new SourceHttpClient("s1", auth, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 } }, null, TimeProvider.System, Logger.None,
            new[] { RedirectHandler.Origin(api.BaseUrl) });
    }
}
