using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// <c>address: localhost</c> is loopback as much as 127.0.0.1 (Kestrel binds 127.0.0.1 and ::1 for it), and a
/// page whose DNS name was rebound to 127.0.0.1 reaches it alike. Before, the Host check applied only to an IP
/// literal, so a token-less API configured with <c>localhost</c> answered evil.example its config and reloads.
/// </summary>
public sealed class LoopbackLocalhostTests : IAsyncDisposable
{
    private readonly ConfigFile _file = new();
    private OutputWriter? _output;

    [Theory]
    [InlineData("localhost", false, true)]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("localhost", true, false)]
    [InlineData("0.0.0.0", false, false)]
    public void The_host_check_applies_to_every_token_less_loopback_address(string address, bool token, bool applies)
    {
        Assert.Equal(applies, LoopbackHostGuard.Applies(address, token));
    }

    [Fact]
    public async Task A_token_less_api_on_localhost_refuses_a_rebound_name()
    {
        var loaded = _file.Load("""
            sources:
              a:
                url: http://127.0.0.1:9/logs
            """);
        var time = TimeProvider.System;
        var output = _output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        // Kestrel binds no free port for localhost (port 0): one is taken from the system and handed over.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var server = await ApiServer.StartAsync(new ApiConfig { Enabled = true, Address = "localhost", Port = port }, new ApiContext
        {
            Board = new SourceStatusBoard(time), Scheduler = new SourceScheduler([], time, Logger.None), Store = new MemoryStateStore(), Output = output,
            Config = () => ConfigSnapshot.Of(loaded.Config), Sources = () => loaded.Sources, StateStoreFallbackActive = () => false,
            Time = time, StartedAt = time.GetTimestamp(),
        }, Logger.None);
        await using var _server = server;
        using var http = new HttpClient();

        using var rebound = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/v1/config") { Headers = { Host = $"evil.example:{port}" } };
        using var refused = await http.SendAsync(rebound);
        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Contains("Host 'evil.example' is not localhost", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]);

        using var named = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/v1/config") { Headers = { Host = $"localhost:{port}" } };
        using var answered = await http.SendAsync(named);
        Assert.Equal(200, (int)answered.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_output is not null) await _output.DisposeAsync();
        _file.Dispose();
    }
}
