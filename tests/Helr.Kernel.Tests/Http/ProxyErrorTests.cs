using System.Net;
using System.Net.Sockets;
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

    private static async Task RefuseTunnelsAsync(TcpListener proxy)
    {
        try
        {
            while (true)
            {
                using var connection = await proxy.AcceptTcpClientAsync();
                var stream = connection.GetStream();
                await stream.ReadAsync(new byte[4096]);
                await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }
    }
}
