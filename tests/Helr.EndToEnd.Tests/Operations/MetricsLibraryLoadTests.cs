using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// A run whose metrics nobody can read (no <c>global.metrics</c>, no <c>dump_on_sigusr1</c>) never loads
/// prometheus-net: its start-up and memory are spent on collection only (docs/performance.md, "Start-up").
/// Read from the process's memory map once its first cycle wrote its events.
/// </summary>
public sealed class MetricsLibraryLoadTests
{
    private const string Library = "Prometheus.NetStandard.dll";

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Prometheus_net_is_loaded_only_when_the_metrics_are_served(bool served)
    {
        Skip.IfNot(File.Exists("/proc/self/maps"), "reads the process's memory map from /proc (Linux)");
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        // Lines of the config's global: block (OperationsRun.Config puts them under its state settings).
        var global = served ? "  metrics:\n    enabled: true\n    address: 127.0.0.1\n    port: 0" : "  log_level: info";
        var config = OperationsRun.Config(dir, api, global);
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path, OperationsRun.Env);
        await helr.WaitForLinesAsync(3, TimeSpan.FromSeconds(30));

        var maps = await File.ReadAllTextAsync($"/proc/{helr.Pid}/maps");
        Assert.True(maps.Contains(Library, StringComparison.Ordinal) == served,
            $"{Library} {(served ? "not loaded although" : "loaded although no")} metrics are served");

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
