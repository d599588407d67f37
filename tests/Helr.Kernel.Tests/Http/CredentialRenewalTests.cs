using System.Net;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>What a source's HTTP client does when renewing credentials after a 401 fails.</summary>
public sealed class CredentialRenewalTests
{
    private static readonly ResilienceConfig ThreeAttempts = new()
    {
        Retries = new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 },
    };

    private static SourceHttpClient Client(IAuthenticator auth, Uri origin) =>
        new("s1", auth, null, ThreeAttempts, null, TimeProvider.System, Logger.None, new[] { origin });

    [Fact]
    public async Task A_renewal_that_fails_after_a_401_fails_the_request_as_credentials_unavailable_without_resending_the_rejected_token()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"token expired"}""", 401));
        using var client = Client(new FailingRenewal(), RedirectHandler.Origin(api.BaseUrl));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None));

        // The cause is the token endpoint, not the API's 401; and the token the API just refused is not sent again.
        Assert.StartsWith("cannot get credentials: oauth2 token endpoint", error.Message);
        Assert.Single(api.Requests);
    }

    /// <summary>Holds a token the API rejects; renewing it fails as a token endpoint outage does.</summary>
    private sealed class FailingRenewal : IAuthenticator
    {
        public ValueTask ApplyAsync(HttpRequestMessage request, AuthContext context, CancellationToken ct)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer rejected");
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> RefreshAsync(AuthContext context, CancellationToken ct) =>
            throw new HttpRequestException("oauth2 token endpoint http://127.0.0.1/token answered 503 (not an OAuth2 error response) for the client_credentials grant");
    }
}
