using System.Net.Http.Headers;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Observability;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// The circuit breaker sees one outcome per logical request: a token request made while applying a
/// page request's credentials is part of that request, and its success is not a second one.
/// </summary>
public sealed class TokenRequestBreakerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SourceHttpClient Client(FakeVendorServer api, CircuitBreakerConfig breaker) =>
        new("s1", new TokenPerRequest(new Uri(api.Url("/token"))), null,
            new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 }, CircuitBreaker = breaker },
            null, _time, Logger.None, new[] { RedirectHandler.Origin(api.BaseUrl) });

    private static async Task<int> PageAsync(SourceHttpClient client, FakeVendorServer api)
    {
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None);
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task An_api_failing_behind_a_working_token_endpoint_opens_the_circuit_after_failure_threshold_pages()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"t","expires_in":60}"""));
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"down"}""", 503));
        using var client = Client(api, new CircuitBreakerConfig { FailureThreshold = 2 });

        Assert.Equal(503, await PageAsync(client, api));
        Assert.Equal(503, await PageAsync(client, api));

        // Each token success in between reset the count of consecutive failures: the circuit never opened.
        Assert.Equal(CircuitState.Open, client.Circuit.State);
    }

    [Fact]
    public async Task A_half_open_probe_that_fetched_a_token_is_one_success()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var down = true;
        api.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"t","expires_in":60}"""));
        api.OnGet("/logs", _ => down ? FakeResponse.Json("{}", 503) : FakeResponse.Json("[]"));
        using var client = Client(api, new CircuitBreakerConfig { FailureThreshold = 1, SuccessThreshold = 2, HalfOpenTimeoutSecs = 60 });
        await PageAsync(client, api);
        Assert.Equal(CircuitState.Open, client.Circuit.State);

        down = false;
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(200, await PageAsync(client, api));

        Assert.Equal(CircuitState.HalfOpen, client.Circuit.State);
        Assert.Equal(1, client.Circuit.HalfOpenSuccesses);
    }

    [Fact]
    public async Task A_failing_token_endpoint_is_one_failure_per_request()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/token", _ => FakeResponse.Json("{}", 503));
        using var client = Client(api, new CircuitBreakerConfig { FailureThreshold = 2 });

        await Assert.ThrowsAsync<HttpRequestException>(() => PageAsync(client, api));

        Assert.Equal(CircuitState.Closed, client.Circuit.State);
        Assert.Equal(1, client.Circuit.ConsecutiveFailures);
    }

    /// <summary>An authenticator whose tokens last less than a poll: it fetches one for every request.</summary>
    private sealed class TokenPerRequest(Uri tokenUrl) : IAuthenticator
    {
        public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken ct)
        {
            using var response = await context.Sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, tokenUrl), ct);
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"token endpoint answered {(int)response.StatusCode}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
        }

        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken ct) => ValueTask.FromResult(false);
    }
}
