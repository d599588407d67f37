using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.Plugins.Generic;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload that restarted a source (its config edited, or <c>restart_sources_on_sighup</c>) built it a new
/// HTTP client: the pause its API had asked for (a 429's Retry-After, an exhausted window) was gone, so the
/// restarted source, which polls at once when edited, asked the API that had just refused it again at once.
/// The new source now takes the pause over (and what its token bucket had left: TokenBucketTests).
/// </summary>
public sealed class ReloadKeepsRateLimitTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_source_restarted_by_a_reload_still_waits_out_the_retry_after_its_api_sent()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var calls = 0;
        api.OnGet("/a", _ => Interlocked.Increment(ref calls) == 1
            ? FakeResponse.Json("{}", 429) with { Headers = [new("Retry-After", "1800")] }
            : FakeResponse.Json("[]"));
        var dir = Directory.CreateTempSubdirectory("helr-reload-").FullName;
        var path = Path.Combine(dir, "helr.yaml");
        string Yaml(int interval) => $"global:\n  state:\n    backend: memory\nsources:\n"
            + $"  a:\n    url: {api.Url("/a")}\n    schedule:\n      interval_secs: {interval}\n      jitter_secs: 0\n    resilience:\n      retries: {{ max_attempts: 1 }}\n";
        File.WriteAllText(path, Yaml(3600));
        var registry = new SourceTypeRegistry(PluginCatalog.FromPlugins("test", new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));
        var env = new TestEnvironment();
        var (loaded, problems) = ConfigLoader.Load(path, registry, env);
        Assert.True(loaded is not null, string.Join("; ", problems.Errors));
        var time = new FakeTimeProvider();
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        var built = new List<SourceRunner>();
        SourceRunner Build(BuiltSource source, GlobalConfig global)
        {
            var runner = SourceComposition.Build(source, global, new MemoryStateStore(), output, time, Logger.None);
            built.Add(runner);
            return runner;
        }
        var board = new SourceStatusBoard(time);
        var scheduler = new SourceScheduler([Build(loaded.Sources[0], loaded.Config.Global)], time, Logger.None, board: board);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        var reloader = new ConfigReloader(ConfigSnapshot.Of(loaded.Config), loaded.Sources, registry, [], scheduler, Build, board, Logger.None,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, time), environment: _ => env);
        try
        {
            await api.WaitForRequestsAsync(1, Hang);
            // The cycle is over once the board has it (a bounded look: nothing signals it).
            for (var i = 0; i < 3000 && board.Get("a")?.Cycles != 1; i++) await Task.Delay(10);
            Assert.Equal(1, board.Get("a")!.Cycles);
            var refused = time.GetUtcNow();

            // An edit a minute later: the changed source polls at once.
            time.Advance(TimeSpan.FromMinutes(1));
            File.WriteAllText(path, Yaml(3000));
            var result = await reloader.ReloadAsync("SIGHUP");
            Assert.True(result.Ok, string.Join("; ", result.Errors));
            Assert.Equal(["a"], result.Plan!.Changed);

            await time.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(5))), TimeSpan.FromSeconds(10), maxSteps: 1000);
            Assert.True(time.GetUtcNow() - refused >= TimeSpan.FromSeconds(1800), $"asked again {time.GetUtcNow() - refused} after the 429's Retry-After: 1800");
        }
        finally
        {
            shutdown.Cancel();
            await run.WaitAsync(Hang);
            foreach (var runner in built) runner.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }
}
