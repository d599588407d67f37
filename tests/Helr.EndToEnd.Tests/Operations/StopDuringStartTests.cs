using System.Net;
using System.Net.Sockets;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// SIGTERM while helr is still starting (before its first cycle): a stop like any other. Received while the state
/// store had not answered yet, it was logged as stopping, then helr waited out the store's connect timeout and
/// failed (exit 1, "cannot open state store"): a deploy that stops a helr whose store is slow saw a failed unit.
/// </summary>
public sealed class StopDuringStartTests
{
    [SkippableFact]
    public async Task Sigterm_while_the_state_store_opens_stops_at_once_and_cleanly()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "signals as on Linux");
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        // A "Postgres" that accepts the connection and never answers holds helr where it opens its state store.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              state:
                backend: postgres
                url: postgres://helr@127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/helr
            sources:
              s1:
                url: {api.Url("/logs")}
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SIGTERM received: stopping", result.Stderr);
        Assert.Contains("stopped before the state store answered; nothing was collected", result.Stderr);
        Assert.DoesNotContain("cannot open state store", result.Stderr);
        Assert.Empty(result.Lines);
        Assert.Empty(api.Requests);
    }
}
