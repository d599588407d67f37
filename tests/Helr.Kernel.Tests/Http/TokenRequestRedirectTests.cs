using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>Where a token request's body (client secret, refresh token, assertion) may go when the token endpoint redirects.</summary>
public sealed class TokenRequestRedirectTests
{
    private static SourceHttpClient Client(IAuthenticator auth, Uri origin) =>
        new("s1", auth, null, new ResilienceConfig(), null, TimeProvider.System, Logger.None, new[] { origin });

    [Fact]
    public async Task A_token_endpoint_redirecting_to_another_origin_does_not_get_the_client_secret_sent_there()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        await using var elsewhere = await FakeVendorServer.StartAsync();
        elsewhere.OnPost("/token", _ => FakeResponse.Json("""{"access_token":"stolen"}"""));
        await using var tokens = await FakeVendorServer.StartAsync();
        tokens.OnPost("/token", _ => new FakeResponse { Status = 307 }.WithHeader("Location", elsewhere.Url("/token")));
        using var client = Client(new FormSecretAuth(tokens.Url("/token")), RedirectHandler.Origin(api.BaseUrl));

        try
        {
            (await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None)).Dispose();
        }
        catch (HttpRequestException)
        {
            // Failing for want of a token is fine; what matters is where the secret went.
        }

        Assert.DoesNotContain(elsewhere.Requests, r => r.Body.Contains("client-secret-value") || r.Body.Contains("refresh-token-value"));
        Assert.DoesNotContain(api.Requests, r => r.Header("Authorization") == "Bearer stolen");
    }

    /// <summary>Posts its secrets in a form, as the OAuth2 client_secret_post and refresh-token grants do.</summary>
    private sealed class FormSecretAuth(string tokenUrl) : IAuthenticator
    {
        public async ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken ct)
        {
            using var response = await context.Sender.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, tokenUrl)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["client_id"] = "helr", ["client_secret"] = "client-secret-value", ["refresh_token"] = "refresh-token-value",
                }),
            }, ct);
            if (response.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"token endpoint answered {(int)response.StatusCode}");
            var token = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("access_token").GetString();
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken ct) => ValueTask.FromResult(false);
    }
}
