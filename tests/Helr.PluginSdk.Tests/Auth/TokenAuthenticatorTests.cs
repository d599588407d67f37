using System.Net;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class TokenAuthenticatorTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("SECRET", "s3cret");

    private static IAuthenticator Build() =>
        AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://auth.example.com/t?x=1", "client_id_env": "ID", "client_secret_env": "SECRET"}""", "sources.s.auth"), Env)!;

    private static async Task<string?> Apply(IAuthenticator auth, AuthContext context)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/logs");
        await auth.ApplyAsync(request, context, CancellationToken.None);
        return request.Headers.Authorization?.Parameter;
    }

    [Fact]
    public async Task Concurrent_requests_share_one_token_fetch()
    {
        var sender = new ScriptedSender(n => ScriptedSender.Json($$"""{"access_token":"t{{n}}","expires_in":"3600"}"""));
        var auth = Build();
        var context = sender.Context();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Apply(auth, context)));
        Assert.Equal(1, sender.Count);
        Assert.All(tokens, t => Assert.Equal("t1", t));
    }

    [Fact]
    public async Task A_401_for_a_token_already_replaced_does_not_fetch_again()
    {
        var sender = new ScriptedSender(n => ScriptedSender.Json($$"""{"access_token":"t{{n}}"}"""));
        var auth = Build();
        var context = sender.Context();
        var old = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/logs");
        await auth.ApplyAsync(old, context, CancellationToken.None);
        Assert.True(await auth.RefreshAsync(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = old }, context, CancellationToken.None));
        Assert.Equal(2, sender.Count);
        // A second request that carried t1 comes back 401 too: t2 is already there.
        Assert.True(await auth.RefreshAsync(new HttpResponseMessage(HttpStatusCode.Unauthorized) { RequestMessage = old }, context, CancellationToken.None));
        Assert.Equal(2, sender.Count);
        Assert.Equal("t2", await Apply(auth, context));
    }

    [Fact]
    public async Task A_success_without_access_token_is_an_error_naming_the_endpoint_without_query()
    {
        var sender = new ScriptedSender(_ => ScriptedSender.Json("""{"token":"nope"}"""));
        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(Build(), sender.Context()));
        Assert.Equal("oauth2 token endpoint https://auth.example.com/t answered 200 without an access_token", ex.Message);
    }

    // A token_url that lands on a login page: the answer is 200 and HTML. Its content type tells the user
    // where they landed; the body, which may echo what was sent, is never quoted.
    [Fact]
    public async Task A_success_that_is_not_json_names_its_content_type_and_does_not_quote_the_body()
    {
        var sender = new ScriptedSender(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new System.Net.Http.StringContent("<html>Sign in s3cret</html>", System.Text.Encoding.UTF8, "text/html"),
        });
        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(Build(), sender.Context()));
        Assert.Equal("oauth2 token endpoint https://auth.example.com/t answered 200 with a body that is not JSON (Content-Type: text/html; "
            + "a web page: is token_url the token endpoint, not a sign-in page?)", ex.Message);
    }

    [Fact]
    public async Task A_success_that_is_not_json_without_a_content_type_says_so()
    {
        var sender = new ScriptedSender(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("s3cret"u8.ToArray()) });
        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(Build(), sender.Context()));
        Assert.Equal("oauth2 token endpoint https://auth.example.com/t answered 200 with a body that is not JSON (no Content-Type)", ex.Message);
    }

    [Fact]
    public async Task A_non_json_error_body_is_not_quoted()
    {
        var sender = new ScriptedSender(_ => ScriptedSender.Json("<html>secret-echo s3cret</html>", HttpStatusCode.BadGateway));
        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(Build(), sender.Context()));
        Assert.Equal("oauth2 token endpoint https://auth.example.com/t answered 502 (not an OAuth2 error response) for the client_credentials grant", ex.Message);
    }

    [Theory]
    [InlineData("""{"error":"invalid_grant","error_description":"refresh token rt-4f9c2a71 is expired or revoked"}""")]
    [InlineData("""{"error":"invalid_client","error_description":"client secret 'cs-7d1e0b55' does not match"}""")]
    public async Task An_error_description_that_echoes_a_submitted_secret_does_not_show_it(string body)
    {
        var env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("SECRET", "cs-7d1e0b55").WithVariable("RT", "rt-4f9c2a71");
        var auth = AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://auth.example.com/t", "client_id_env": "ID", "client_secret_env": "SECRET", "refresh_token_env": "RT"}""", "sources.s.auth"), env)!;
        var sender = new ScriptedSender(_ => ScriptedSender.Json(body, HttpStatusCode.BadRequest));

        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(auth, sender.Context()));

        Assert.Contains("answered 400: invalid_", ex.Message);
        Assert.DoesNotContain("rt-4f9c2a71", ex.Message);
        Assert.DoesNotContain("cs-7d1e0b55", ex.Message);
    }

    [Fact]
    public async Task A_refused_refresh_token_on_a_server_with_another_clock_is_not_blamed_on_the_clock()
    {
        // invalid_grant for a refresh token means the token was revoked or expired: "check NTP" would send the user the wrong way.
        var env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("SECRET", "cs-7d1e0b55").WithVariable("RT", "rt-4f9c2a71");
        var auth = AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://auth.example.com/t", "client_id_env": "ID", "client_secret_env": "SECRET", "refresh_token_env": "RT"}""", "sources.s.auth"), env)!;
        var sender = new ScriptedSender(_ => Skewed(ScriptedSender.Json("""{"error":"invalid_grant","error_description":"token revoked"}""", HttpStatusCode.BadRequest)));

        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(auth, sender.Context()));

        Assert.EndsWith("answered 400: invalid_grant (token revoked) for the refresh_token grant", ex.Message);
    }

    [Theory]
    [InlineData("invalid_grant")]
    [InlineData("invalid_client")]
    public async Task A_refused_client_assertion_on_a_server_with_another_clock_names_the_skew(string error)
    {
        // RFC 7523: a client assertion outside the server's window is invalid_client (Okta, Entra ID), some servers say invalid_grant.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("KEY", rsa.ExportPkcs8PrivateKeyPem());
        var auth = AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://auth.example.com/t", "client_id_env": "ID", "client_private_key_env": "KEY"}""", "sources.s.auth"), env)!;
        var sender = new ScriptedSender(_ => Skewed(ScriptedSender.Json($$"""{"error":"{{error}}"}""", HttpStatusCode.BadRequest)));

        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => Apply(auth, sender.Context()));

        Assert.Matches(@"this host's clock is \d+ s ahead of the server's", ex.Message);
    }

    private static HttpResponseMessage Skewed(HttpResponseMessage response)
    {
        response.Headers.Date = DateTimeOffset.UtcNow.AddMinutes(-10);
        return response;
    }

    [Fact]
    public async Task Each_attempt_of_a_token_request_carries_a_fresh_client_assertion()
    {
        // Okta refuses a client assertion whose jti it has seen: the attempt after a 503 or 429 needs its own.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var env = new FakeEnvironment().WithVariable("ID", "client").WithVariable("KEY", rsa.ExportPkcs8PrivateKeyPem());
        var auth = AuthReader.Read(ConfigTree.FromJson("""{"type": "oauth2", "token_url": "https://auth.example.com/t", "client_id_env": "ID", "client_private_key_env": "KEY"}""", "sources.s.auth"), env)!;
        var sender = new RetryingSender();

        Assert.Equal("t", await Apply(auth, sender.Context()));

        Assert.Equal(2, sender.Assertions.Count);
        Assert.NotEqual(sender.Assertions[0], sender.Assertions[1]);
    }

    /// <summary>Builds each request twice, as the source's sender does when the first attempt gets a 503.</summary>
    private sealed class RetryingSender : Helr.PluginSdk.Http.IHttpSender
    {
        public List<string> Assertions { get; } = new();

        public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var form = await createRequest().Content!.ReadAsStringAsync(ct);
                Assertions.Add(form.Split('&').Single(p => p.StartsWith("client_assertion=", StringComparison.Ordinal)));
            }
            return ScriptedSender.Json("""{"access_token":"t"}""");
        }

        public AuthContext Context() => new() { SourceId = "s", Sender = this, Log = new RecordingLogger() };
    }
}
