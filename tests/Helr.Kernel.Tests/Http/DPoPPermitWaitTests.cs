using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>DPoP proofs of requests (API and token requests) that wait for the source's bulkhead permit.</summary>
public sealed class DPoPPermitWaitTests
{
    [Fact]
    public async Task A_request_that_waited_for_the_only_permit_carries_a_proof_made_when_it_got_it()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(server, "/token") { ClientSecret = "s3cret-value", DPoP = true };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = 0;
        // A resource server that accepts a proof at most 10 s old (by the fake clock).
        FakeResponse Check(RecordedRequest r)
        {
            var proof = SignedToken.Parse(r.Header("DPoP")!);
            if (time.GetUtcNow().ToUnixTimeSeconds() - proof.Number("iat") <= 10) return FakeResponse.Json("[]");
            Interlocked.Increment(ref refused);
            return FakeResponse.Json("""{"error":"invalid_dpop_proof"}""", 401).WithHeader("WWW-Authenticate", "DPoP error=\"invalid_dpop_proof\"");
        }
        server.OnGet("/slow", r =>
        {
            var answer = Check(r);
            holding.TrySetResult();
            release.Task.Wait(TimeSpan.FromSeconds(30));
            return answer;
        });
        server.OnGet("/logs", Check);
        using var client = Client(tokens.TokenUrl, server, time);

        var first = client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/slow")), CancellationToken.None);
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Gets its credentials now, then waits for the permit the first request holds while the clock moves on.
        var second = client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/logs")), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));
        release.SetResult();
        using var slow = await first;
        using var logs = await second;

        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.Equal(0, refused);
        Assert.Single(tokens.IssuedTokens);
        // The proof made anew is a valid one for the token sent (its ath), the URL and the method.
        Assert.Null(tokens.CheckResourceRequest(server.Requests.Last(r => r.Path == "/logs"), server));
        Assert.Empty(tokens.Problems);
        // The new proof is a credential sent like the first: a plugin's log line or error quoting it has it cut out.
        var renewed = server.Requests.Last(r => r.Path == "/logs").Header("DPoP")!;
        Assert.Equal($"proof {Text.SecretScrubber.Redacted}", client.Secrets.Scrub($"proof {renewed}"));
    }

    [Fact]
    public async Task A_token_request_that_waited_for_the_only_permit_carries_a_proof_made_when_it_got_it()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var issued = 0;
        var refused = 0;
        // An authorization server that accepts a proof at most 10 s old (by the fake clock); its tokens are reused for 75 s.
        server.OnPost("/token", r =>
        {
            var proof = SignedToken.Parse(r.Header("DPoP")!);
            if (time.GetUtcNow().ToUnixTimeSeconds() - proof.Number("iat") > 10)
            {
                Interlocked.Increment(ref refused);
                return FakeResponse.Json("""{"error":"invalid_dpop_proof","error_description":"proof too old"}""", 400);
            }
            return FakeResponse.Json($$"""{"access_token":"at-{{Interlocked.Increment(ref issued)}}","token_type":"DPoP","expires_in":100}""");
        });
        server.OnGet("/slow", _ =>
        {
            holding.TrySetResult();
            release.Task.Wait(TimeSpan.FromSeconds(30));
            return FakeResponse.Json("[]");
        });
        server.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var client = Client(server.Url("/token"), server, time);

        var first = client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/slow")), CancellationToken.None);
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(80));
        // Its token is past reuse: the token request waits for the permit the first request holds while the clock moves on.
        var second = client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, server.Url("/logs")), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(40));
        release.SetResult();
        using var slow = await first;
        using var logs = await second;

        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.Equal(0, refused);
        Assert.Equal(2, issued);
    }

    private static SourceHttpClient Client(string tokenUrl, FakeVendorServer api, TimeProvider time)
    {
        var env = new Support.TestEnvironment();
        env.Variables["ID"] = "helr-client";
        env.Variables["SECRET"] = "s3cret-value";
        var auth = AuthReader.Read(ConfigTree.FromJson($$"""{"type": "oauth2", "token_url": "{{tokenUrl}}", "client_id_env": "ID", "client_secret_env": "SECRET", "dpop": true}""", "sources.s1.auth"), env)!;
        return new SourceHttpClient("s1", auth, null, new ResilienceConfig { Timeouts = new TimeoutsConfig { RequestSecs = 600 } }, 1, time, Logger.None, new[] { RedirectHandler.Origin(api.BaseUrl) });
    }
}
