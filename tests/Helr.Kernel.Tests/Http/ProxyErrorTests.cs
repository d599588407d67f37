using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Serilog;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>A proxy that refuses the tunnel, when its URL carries a password (<c>HTTPS_PROXY=http://user:password@host:port</c>).</summary>
public sealed class ProxyErrorTests
{
    [Fact]
    public async Task The_error_of_a_refused_tunnel_does_not_show_the_proxy_password()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var answering = RefuseTunnelsAsync(proxy);
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        // As the environment's proxy (HTTPS_PROXY) has it: the user info stays in the proxy's URL.
        var handler = new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://helr:pr0xy-pa55@127.0.0.1:{port}/")), UseProxy = true };
        using var client = new SourceHttpClient("s1", null, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 } }, null,
            TimeProvider.System, Logger.None, handler: handler);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "https://api.example.invalid/logs"), CancellationToken.None));

        Assert.Contains("502", error.Message);
        Assert.DoesNotContain("pr0xy-pa55", error.Message);
        proxy.Stop();
        await answering;
    }

    [Fact]
    public async Task The_warning_of_each_retry_does_not_show_the_proxy_password()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var answering = RefuseTunnelsAsync(proxy);
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var handler = new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://helr:pr0xy-pa55@127.0.0.1:{port}/")), UseProxy = true };
        var logs = new Support.LogLines();
        using var log = new LoggerConfiguration().WriteTo.Sink(logs).CreateLogger();
        using var client = new SourceHttpClient("s1", null, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 2, InitialBackoffSecs = 0 } }, null,
            TimeProvider.System, log, handler: handler);

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "https://api.example.invalid/logs"), CancellationToken.None));

        Assert.Contains("retrying", logs.Text);
        Assert.DoesNotContain("pr0xy-pa55", logs.Text);
        proxy.Stop();
        await answering;
    }

    [Fact]
    public async Task A_proxy_refusing_its_credentials_is_one_clear_attempt_naming_the_variable_not_a_transient_failure()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var tunnels = new StrongBox<int>();
        var answering = RefuseTunnelsAsync(proxy, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"", tunnels);
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var handler = new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://helr:wr0ng-pa55@127.0.0.1:{port}/")), UseProxy = true };
        var resilience = new ResilienceConfig
        {
            Retries = new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 },
            CircuitBreaker = new CircuitBreakerConfig { FailureThreshold = 1 },
        };
        using var client = new SourceHttpClient("s1", null, null, resilience, null, TimeProvider.System, Logger.None, handler: handler);

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "https://api.example.invalid/logs"), CancellationToken.None));
            Assert.Contains("the proxy refused the credentials in ", error.Message);
            Assert.Contains("PROXY", error.Message);
            Assert.Contains("407", error.Message);
            Assert.DoesNotContain("attempts", error.Message);
            Assert.DoesNotContain("wr0ng-pa55", error.Message);
        }

        // Neither retried nor counted toward the breaker (threshold 1): the second request reached the proxy too.
        Assert.Equal(2, tunnels.Value);
        proxy.Stop();
        await answering;
    }

    // A plain-http URL is not tunnelled: the proxy forwards it and its 407 came back as the API's answer,
    // "HTTP 407 from http://…", naming no variable.
    [Fact]
    public async Task A_proxy_refusing_a_plain_http_request_names_the_variable_and_is_not_retried()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var requests = new StrongBox<int>();
        var answering = RefuseTunnelsAsync(proxy, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"", requests);
        var port = ((IPEndPoint)proxy.LocalEndpoint).Port;
        var handler = new SocketsHttpHandler { Proxy = new WebProxy(new Uri($"http://127.0.0.1:{port}/")), UseProxy = true };
        var resilience = new ResilienceConfig
        {
            Retries = new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 },
            CircuitBreaker = new CircuitBreakerConfig { FailureThreshold = 1 },
        };
        using var client = new SourceHttpClient("s1", null, null, resilience, null, TimeProvider.System, Logger.None, handler: handler);

        for (var i = 0; i < 2; i++)
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "http://api.example.invalid/logs"), CancellationToken.None));
            Assert.StartsWith("the proxy refused the credentials in ", error.Message);
            Assert.Matches("(?i)in (http_proxy|all_proxy)", error.Message);
            Assert.Contains("407", error.Message);
            Assert.DoesNotContain("attempts", error.Message);
        }

        Assert.Equal(2, requests.Value);
        proxy.Stop();
        await answering;
    }

    // No proxy on the way: the API (or whatever answers at its address) sent the 407 itself. It is its answer,
    // as before 3486ab9: not "the proxy refused the credentials in HTTP_PROXY (or ALL_PROXY)", a variable not set.
    [Fact]
    public async Task A_407_from_the_api_itself_without_a_proxy_is_its_answer()
    {
        using var api = new TcpListener(IPAddress.Loopback, 0);
        api.Start();
        var answering = RefuseTunnelsAsync(api, "407 Proxy Authentication Required");
        var port = ((IPEndPoint)api.LocalEndpoint).Port;
        var handler = new SocketsHttpHandler { UseProxy = false };
        using var client = new SourceHttpClient("s1", null, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 } }, null,
            TimeProvider.System, Logger.None, handler: handler);

        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/logs"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, response.StatusCode);
        api.Stop();
        await answering;
    }

    private static async Task RefuseTunnelsAsync(TcpListener proxy, string status = "502 Bad Gateway", StrongBox<int>? tunnels = null)
    {
        try
        {
            while (true)
            {
                using var connection = await proxy.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                await stream.ReadAsync(new byte[4096]);
                if (tunnels is not null) Interlocked.Increment(ref tunnels.Value);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n"));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }
}
