using System.Net;
using System.Net.Sockets;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary><c>helr test --source ID</c>.</summary>
public sealed class TestCommandTests
{
    [Fact]
    public async Task Test_runs_beside_a_helr_that_serves_the_configs_api_and_metrics_ports()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        // The running instance's API and metrics listeners.
        using var apiPort = new TcpListener(IPAddress.Loopback, 0);
        using var metricsPort = new TcpListener(IPAddress.Loopback, 0);
        apiPort.Start();
        metricsPort.Start();
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api:
                enabled: true
                address: 127.0.0.1
                port: {((IPEndPoint)apiPort.LocalEndpoint).Port}
              metrics:
                enabled: true
                address: 127.0.0.1
                port: {((IPEndPoint)metricsPort.LocalEndpoint).Port}
            sources:
              s1:
                url: {api.Url("/logs")}
            """);

        var result = await HelrProcess.RunAsync($"test --source s1 -c {config}", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "a1" }, result.Lines.EventField("id"));
    }
}
