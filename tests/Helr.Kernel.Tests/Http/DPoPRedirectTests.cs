using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>DPoP proofs on a request the API redirects within its own origin.</summary>
public sealed class DPoPRedirectTests
{
    [Fact]
    public async Task A_same_origin_redirect_is_followed_with_a_new_proof_for_the_new_url()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value", DPoP = true };
        server.OnGet("/v1/logs", _ => new FakeResponse { Status = 302 }.WithHeader("Location", server.Url("/v2/logs")));
        server.OnGet("/v2/logs", r => tokens.CheckResourceRequest(r, server) is { } problem ? FakeResponse.Json($$"""{"error":"{{problem}}"}""", 401) : FakeResponse.Json("[]"));
        using var client = Client(tokens, server);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/v1/logs")), CancellationToken.None);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(tokens.Problems);
    }

    [Fact]
    public async Task Credentials_dropped_at_a_hop_to_another_origin_are_not_put_back_at_its_own_redirects()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value", DPoP = true };
        await using var elsewhere = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => new FakeResponse { Status = 302 }.WithHeader("Location", elsewhere.Url("/a")));
        elsewhere.OnGet("/a", _ => new FakeResponse { Status = 302 }.WithHeader("Location", elsewhere.Url("/b")));
        elsewhere.OnGet("/b", _ => FakeResponse.Json("[]"));
        using var client = Client(tokens, server);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/logs")), CancellationToken.None);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.All(elsewhere.Requests, r => Assert.Null(r.Header("Authorization") ?? r.Header("DPoP")));
    }

    [Fact]
    public async Task A_token_that_goes_stale_during_a_redirect_is_not_fetched_while_the_request_holds_the_only_permit()
    {
        await using var server = await FakeVendorServer.StartAsync();
        // Reused for 75 s (the last quarter of 100 s is its margin).
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value", ExpiresIn = 100 };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var stale = 0;
        server.OnGet("/v1/logs", _ =>
        {
            // The first hop answers as the token reaches its reuse margin: the next hop finds it stale.
            if (Interlocked.Exchange(ref stale, 1) == 0) time.Advance(TimeSpan.FromSeconds(80));
            return new FakeResponse { Status = 302 }.WithHeader("Location", server.Url("/v2/logs"));
        });
        server.OnGet("/v2/logs", r => tokens.CheckResourceRequest(r, server) is { } problem ? FakeResponse.Json($$"""{"error":"{{problem}}"}""", 401) : FakeResponse.Json("[]"));
        using var client = Client(tokens, server, time, maxConcurrentRequests: 1, dpop: false);

        // A token request made inside the hop would wait for the permit its own request holds, and the
        // fake clock never ends that wait: the bound only turns such a hang into a failure.
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/v1/logs")), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(200, (int)response.StatusCode);
    }

    private static SourceHttpClient Client(FakeTokenEndpoint tokens, FakeVendorServer api, TimeProvider? time = null, int? maxConcurrentRequests = null, bool dpop = true)
    {
        var env = new Support.TestEnvironment();
        env.Variables["ID"] = "helr-client";
        env.Variables["SECRET"] = "s3cret-value";
        var auth = AuthReader.Read(ConfigTree.FromJson($$"""{"type": "oauth2", "token_url": "{{tokens.TokenUrl}}", "client_id_env": "ID", "client_secret_env": "SECRET", "dpop": {{(dpop ? "true" : "false")}}}""", "sources.s1.auth"), env)!;
        return new SourceHttpClient("s1", auth, null, new ResilienceConfig { Timeouts = new TimeoutsConfig { RequestSecs = 600 } }, maxConcurrentRequests, time ?? TimeProvider.System, Logger.None, new[] { RedirectHandler.Origin(api.BaseUrl) });
    }
}
