using System.Net;
using System.Net.Sockets;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>dump_on_sigusr1: SIGUSR1 writes the state export and the metrics page; no secret in it; without the block the OS default stays.</summary>
public sealed class SignalDumpTests
{
    [Fact]
    public async Task Sigusr1_writes_state_and_metrics_to_the_file_without_the_token()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var dump = dir.File("dump.txt");
        var config = OperationsRun.Config(dir, api, $"""
              dump_on_sigusr1:
                destination: file
                path: {dump}
            """);
        await using var helr = HelrProcess.Start($"run -v -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));

        helr.Signal("USR1");
        await helr.WaitForStderrAsync("SIGUSR1: state and metrics dumped to", TimeSpan.FromSeconds(30));
        var text = await File.ReadAllTextAsync(dump);
        Assert.StartsWith("=== state ===\n", text);
        var state = text[..text.IndexOf("=== metrics ===", StringComparison.Ordinal)];
        Assert.Contains("\"s1\"", state);
        Assert.Contains("\"next_url\"", state);
        Assert.Contains("helr_events_emitted_total{source=\"s1\"} 3", text);
        Assert.DoesNotContain(OperationsRun.Secret, text, StringComparison.Ordinal);

        // Still running: the signal was handled, not the default action.
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(OperationsRun.Secret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigusr1_to_the_log_is_one_info_line_without_the_token()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "  dump_on_sigusr1:\n    destination: log\n");
        await using var helr = HelrProcess.Start($"run -v -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));
        helr.Signal("USR1");
        await helr.WaitForStderrAsync("helr_events_emitted_total{source=\"s1\"} 3", TimeSpan.FromSeconds(30));
        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("INFO SIGUSR1 dump:\n=== state ===", result.Stderr);
        Assert.DoesNotContain(OperationsRun.Secret, result.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_sigusr1_while_the_state_store_opens_at_start_is_ignored_not_the_end_of_helr()
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
              dump_on_sigusr1:
                destination: log
            sources:
              s1:
                url: {api.Url("/logs")}
            """);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));

        helr.Signal("USR1");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(60));

        // The store's connect timeout ends the start (1), not the signal (128 + 10).
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("SIGUSR1 ignored: helr is still starting", result.Stderr);
        Assert.Contains("cannot open state store", result.Stderr);
    }

    [SkippableFact]
    public async Task A_dump_file_that_never_opens_is_given_up_with_a_warning_and_the_next_sigusr1_dumps()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs and signals as on Linux");
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var dump = dir.File("dump.txt");
        var config = OperationsRun.Config(dir, api, $"""
              dump_on_sigusr1:
                destination: file
                path: {dump}
            """);
        await using var helr = HelrProcess.Start($"run -v -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));
        // A FIFO nobody reads where the first dump is written (beside the path, then renamed over it):
        // opening it to write blocks for good, as a path on a hung network mount does.
        var firstDump = $"{dump}.{helr.Pid}.1.tmp";
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", firstDump)) await mkfifo.WaitForExitAsync();

        helr.Signal("USR1");
        await helr.WaitForStderrAsync("SIGUSR1: the dump to", TimeSpan.FromSeconds(120));
        File.Delete(firstDump);
        helr.Signal("USR1");
        await helr.WaitForStderrAsync("SIGUSR1: state and metrics dumped to", TimeSpan.FromSeconds(30));
        Assert.StartsWith("=== state ===\n", await File.ReadAllTextAsync(dump));

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Without_the_block_sigusr1_keeps_the_default_action()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, "");
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));
        helr.Signal("USR1");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        // Terminated by the signal (128 + 10), not a clean exit.
        Assert.Equal(138, result.ExitCode);
    }
}
