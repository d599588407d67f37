using Helr.Kernel.Observability;
using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Resilience;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Testing;
using Helr.Tests.Servers;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

public sealed class SourceHttpClientTests
{
    private static readonly ResilienceConfig Fast = new()
    {
        Retries = new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 },
    };

    private static SourceHttpClient Client(IAuthenticator? auth = null, ResilienceConfig? config = null, int? globalRequests = null, Uri? origin = null) =>
        new("s1", auth, null, config ?? Fast, globalRequests, TimeProvider.System, Logger.None, origin is null ? null : new[] { origin });

    private static Task<HttpResponseMessage> Get(SourceHttpClient client, string url) =>
        client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None);

    [Fact]
    public async Task A_401_asks_the_authenticator_to_refresh_once_then_resends()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("GET", "/logs", FakeResponse.Json("{}", 401), FakeResponse.Json("[]"));
        var auth = new CountingAuth(refreshes: true);
        using var client = Client(auth);

        using var response = await Get(client, api.Url("/logs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, auth.Refreshes);
        Assert.Equal(new[] { "token-0", "token-1" }, api.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task Credentials_are_not_applied_to_a_request_for_another_origin_and_it_is_not_sent()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var other = await FakeVendorServer.StartAsync();
        other.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var auth = new CountingAuth(refreshes: false);
        using var client = Client(auth, origin: RedirectHandler.Origin(api.BaseUrl));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(client, other.Url("/logs?token=abc")));

        Assert.Empty(other.Requests);
        Assert.Equal(0, auth.Applied);
        Assert.Contains(other.BaseUrl.AbsoluteUri.TrimEnd('/'), error.Message);
        Assert.Contains(api.BaseUrl.AbsoluteUri.TrimEnd('/'), error.Message);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Fact]
    public async Task Credentials_still_go_to_the_source_origin()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var client = Client(new CountingAuth(refreshes: false), origin: RedirectHandler.Origin(new Uri(api.Url("/other/path?x=1"))));

        using var response = await Get(client, api.Url("/logs"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("token-0", Assert.Single(api.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_second_401_is_the_final_answer()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"bad token"}""", 401));
        var auth = new CountingAuth(refreshes: true);
        using var client = Client(auth);

        using var response = await Get(client, api.Url("/logs"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, auth.Refreshes);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal("""{"error":"bad token"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Static_credentials_are_not_resent_on_401()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("{}", 401));
        using var client = Client(new CountingAuth(refreshes: false));

        using var response = await Get(client, api.Url("/logs"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_token_fetch_made_while_applying_credentials_goes_through_the_same_sender_without_deadlock()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"fresh"}"""));
        api.OnGet("/logs", r => r.Header("Authorization") == "Bearer fresh" ? FakeResponse.Json("[]") : FakeResponse.Json("{}", 403));
        var auth = new TokenFetchingAuth(api.Url("/token"));
        // One request at a time: the data request must not hold the permit while its token is fetched.
        using var client = Client(auth, Fast with { MaxConcurrentRequests = 1 });

        using var response = await Get(client, api.Url("/logs")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { "/token", "/logs" }, api.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_token_request_goes_to_another_origin_without_the_source_credentials_and_its_401_refreshes_nothing()
    {
        await using var tokens = await FakeVendorServer.StartAsync();
        tokens.OnPost("/token", _ => FakeResponse.Json("""{"error":"invalid_client"}""", 401));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var auth = new TokenFetchingAuth(tokens.Url("/token"));
        // The source's credentials belong to the API's origin; the token endpoint is elsewhere, as Google's and Okta's are.
        using var client = Client(auth, origin: new Uri(api.Url("/")));

        using var response = await client.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, api.Url("/logs"));
            request.Headers.TryAddWithoutValidation("X-Api-Key", "configured-secret");
            return request;
        }, CancellationToken.None);

        var token = Assert.Single(tokens.Requests);
        Assert.Null(token.Header("Authorization"));
        Assert.Null(token.Header("X-Api-Key"));
        Assert.Equal(HttpStatusCode.Unauthorized, auth.TokenStatus);
        Assert.Equal(0, auth.Refreshes); // the token endpoint's 401 went back to the authenticator, not into a refresh
        Assert.Equal("Bearer none", Assert.Single(api.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_token_endpoint_that_cannot_be_reached_fails_the_request_once_without_retrying_around_it()
    {
        using var closed = new RefusingPort();
        var tokenUrl = closed.Url("/token");
        await using var api = await FakeVendorServer.StartAsync();
        var auth = new TokenFetchingAuth(tokenUrl);
        using var client = Client(auth);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(client, api.Url("/logs")));

        Assert.StartsWith("cannot get credentials: Connection refused", error.Message);
        Assert.EndsWith("(after 3 attempts)", error.Message); // the token request's attempts, not 3 × 3
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Bodies_are_read_before_the_response_is_returned()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/stall", _ => FakeResponse.Json("""{"access_token":"never-complete"}""") with { StallAfterBytes = 5 });
        using var client = Client(config: Fast with
        {
            Retries = new RetriesConfig { MaxAttempts = 1 },
            Timeouts = new TimeoutsConfig { ReadSecs = 0.5 },
        });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(client, api.Url("/stall")));

        Assert.Contains("timeouts.read_secs", error.Message);
    }

    [Fact]
    public async Task Server_errors_open_the_breaker_but_rate_limits_do_not()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/limited", _ => FakeResponse.Json("{}", 429));
        api.OnGet("/broken", _ => FakeResponse.Json("{}", 500));
        using var client = Client(config: new ResilienceConfig
        {
            Retries = new RetriesConfig { MaxAttempts = 1 },
            CircuitBreaker = new CircuitBreakerConfig { FailureThreshold = 2 },
        });

        for (var i = 0; i < 3; i++) (await Get(client, api.Url("/limited"))).Dispose();
        Assert.Equal(CircuitState.Closed, client.Circuit.State);
        for (var i = 0; i < 2; i++) (await Get(client, api.Url("/broken"))).Dispose();
        Assert.Equal(CircuitState.Open, client.Circuit.State);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Get(client, api.Url("/broken")));
        Assert.Contains("circuit breaker open", error.Message);
        Assert.Equal(5, api.Requests.Count);
    }

    [Fact]
    public async Task Without_respect_headers_a_429_waits_the_computed_backoff()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("GET", "/logs", FakeResponse.Json("{}", 429).WithHeader("Retry-After", "3600"), FakeResponse.Json("[]"));
        using var client = Client(config: Fast with { RateLimit = new RateLimitConfig { RespectHeaders = false } });

        using var response = await Get(client, api.Url("/logs")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class CountingAuth(bool refreshes) : IAuthenticator
    {
        public int Refreshes { get; private set; }

        public int Applied { get; private set; }

        public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken ct)
        {
            Applied++;
            request.Headers.TryAddWithoutValidation("Authorization", $"token-{Refreshes}");
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken ct)
        {
            Refreshes++;
            return ValueTask.FromResult(refreshes);
        }
    }

    private sealed class TokenFetchingAuth(string tokenUrl) : IAuthenticator
    {
        private string? _token;

        public int Refreshes { get; private set; }

        public HttpStatusCode? TokenStatus { get; private set; }

        public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken ct)
        {
            if (_token is null)
            {
                using var response = await context.Sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, tokenUrl), ct);
                TokenStatus = response.StatusCode;
                _token = response.IsSuccessStatusCode
                    ? System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("access_token").GetString()
                    : "none";
            }
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _token);
        }

        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken ct)
        {
            Refreshes++;
            _token = null;
            return ValueTask.FromResult(true);
        }
    }

    [Fact]
    public async Task A_page_response_carries_content_headers_as_well_as_response_headers()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]").WithNext(api.Url("/logs?page=2")));
        using var client = Client();
        var page = Helr.PluginSdk.Http.PageRequest.Get(new Uri(api.Url("/logs")));
        var (response, _) = await client.FetchPageAsync(page, new PageBuffer(), CancellationToken.None);
        Assert.StartsWith("application/json", Assert.Single(response.HeaderValues("Content-Type")));
        Assert.Contains("rel=\"next\"", Assert.Single(response.HeaderValues("Link")));
    }
}
