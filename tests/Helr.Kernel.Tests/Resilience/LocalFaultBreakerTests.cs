using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Observability;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// A request that fails on this host before the API could answer (a secret file gone or unreadable,
/// a plugin's own fault building it) says nothing of the API's health: the breaker counts transport
/// errors, timeouts and 5xx/408 only (docs/resilience.md). Counted, a token file a secrets agent was
/// rewriting opened the circuit as "5 consecutive failures", and the polls after it were skipped.
/// </summary>
public sealed class LocalFaultBreakerTests
{
    private static readonly ResilienceConfig OneFailureOpens = new()
    {
        Retries = new RetriesConfig { MaxAttempts = 1 },
        CircuitBreaker = new CircuitBreakerConfig { FailureThreshold = 1 },
    };

    [Theory]
    [InlineData("""{"type": "bearer", "token_file": "/run/token"}""")]
    [InlineData("""{"type": "oauth2", "token_url": "TOKEN_URL", "client_id_env": "ID", "client_secret_file": "/run/secret"}""")]
    public async Task A_secret_file_gone_at_request_time_does_not_open_the_circuit(string json)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        var env = new TestEnvironment();
        env.Variables["ID"] = "helr-client";
        env.Files["/run/token"] = "t0ken";
        env.Files["/run/secret"] = "s3cret";
        var auth = AuthReader.Read(ConfigTree.FromJson(json.Replace("TOKEN_URL", api.Url("/token")), "sources.s1.auth"), env)!;
        using var client = new SourceHttpClient("s1", auth, null, OneFailureOpens, null, TimeProvider.System, Logger.None, new[] { RedirectHandler.Origin(api.BaseUrl) });
        env.Files.Clear();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, api.Url("/logs")), CancellationToken.None));

        Assert.Contains("cannot read secret file", error.Message);
        Assert.Empty(api.Requests);
        Assert.Equal(CircuitState.Closed, client.Circuit.State);
        Assert.Equal(0, client.Circuit.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_transport_failure_still_opens_it()
    {
        using var client = new SourceHttpClient("s1", null, null, OneFailureOpens, null, TimeProvider.System, Logger.None);

        // A port just let go: nothing listens there, the connection is refused.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/logs"), CancellationToken.None));

        Assert.Equal(CircuitState.Open, client.Circuit.State);
    }
}
