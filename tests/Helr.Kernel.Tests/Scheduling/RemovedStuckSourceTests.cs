using System.Text;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that removes a source whose cycle does not stop (its plugin blocks, deaf to its cancellation, or the
/// output does not take its page) gives up on that cycle after a minute and takes the source off every view. When
/// the cycle returned later, its outcome put the source back on the status board (/healthz, /readyz, the status
/// page listed it for the rest of the run) and its facts put its series back on the metrics page, though nothing
/// collects it any more.
/// </summary>
public sealed class RemovedStuckSourceTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_late_cycle_of_a_removed_source_given_up_on_does_not_bring_it_back()
    {
        await using var run = new PluginRun<StuckPlugin>(new StuckPlugin { Only = "s1" }, globalKeys: "  metrics:\n    enabled: true\n    port: 0\n", ids: ["s1", "s2"]);
        var reloader = run.Reloader();
        using var shutdown = new CancellationTokenSource();
        var ended = run.Scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await run.Plugin.Entered.Task.WaitAsync(Hang);
            var stuck = run.Built.Single(r => r.Id == "s1");
            File.WriteAllText(run.Path, "global:\n  state:\n    backend: memory\n  metrics:\n    enabled: true\n    port: 0\nsources:\n  s2:\n    type: stuck\n    schedule: { interval_secs: 3600 }\n");
            var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
            var result = await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromSeconds(1), maxSteps: 200);
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Contains("reload: source \"s1\" (type \"stuck\") did not stop within", run.Logs.Text);
            Assert.DoesNotContain("s1", run.Board.Ids);
            Assert.DoesNotContain("source=\"s1\"", await ScrapeAsync(run));

            run.Plugin.Release.Set();
            // The given-up runner is disposed once its cycle has returned and been reported; looked at with a bound.
            for (var i = 0; i < 3000 && !stuck.Disposed; i++) await Task.Delay(10);
            Assert.True(stuck.Disposed, "the given-up cycle never returned");

            Assert.DoesNotContain("s1", run.Board.Ids);
            Assert.Null(run.Board.Get("s1"));
            Assert.DoesNotContain("source=\"s1\"", await ScrapeAsync(run));
        }
        finally
        {
            run.Plugin.Release.Set();
            shutdown.Cancel();
            await run.Time.AdvanceUntilAsync(ended, TimeSpan.FromSeconds(1), maxSteps: 200);
            await reloader.CloseAsync().WaitAsync(Hang);
        }
    }

    private static async Task<string> ScrapeAsync(PluginRun<StuckPlugin> run)
    {
        using var text = new MemoryStream();
        await run.Telemetry.Registry.CollectAndExportAsTextAsync(text);
        return Encoding.UTF8.GetString(text.ToArray());
    }
}
