using System.Collections.Concurrent;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload (SIGHUP, POST /api/v1/reload) still under way when helr stops: the shutdown waits for it
/// before the output and state store go, and every runner it built is then running (RunPipeline
/// disposes those) or disposed; a reload after that is refused without building one.
/// </summary>
public sealed class ReloadDuringShutdownTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Closing_waits_for_the_reload_under_way_and_no_runner_it_built_is_left_undisposed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        api.OnGet("/b", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        var building = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var letBuild = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var built = new ConcurrentQueue<SourceRunner>();
        var reloader = Reloader(run, (source, global) =>
        {
            building.TrySetResult();
            Wait(letBuild.Task);
            var runner = run.Build(source, global);
            built.Enqueue(runner);
            return runner;
        });
        AddSource(run, api, "b");
        // As RunOperations does on SIGHUP: nothing awaits the reload.
        var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
        await building.Task.WaitAsync(Hang);

        // RunPipeline's order: RunForeverAsync returns (SIGTERM), then RunOperations is disposed.
        await run.Shutdown();
        var closed = reloader.CloseAsync();
        // Bounded: with the fix the close waits for the reload's turn, and nothing signals that it waits.
        await Task.WhenAny(closed, Task.Delay(500));
        Assert.False(closed.IsCompleted, "the close returned while a reload was still building a runner");

        letBuild.SetResult();
        await closed.WaitAsync(Hang);
        var result = await reload.WaitAsync(Hang);
        var b = Assert.Single(built);
        Assert.True(run.Scheduler.Running.Contains(b) || await IsDisposedAsync(b), "the runner the reload built is neither running nor disposed");
        // The run had ended: the scheduler did not take the runner, and the reload says it was not applied.
        Assert.True(result.NotNow);
        Assert.DoesNotContain(b, run.Scheduler.Running);
    }

    [Fact]
    public async Task A_reload_after_the_close_is_refused_and_builds_no_runner()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        var builds = 0;
        var reloader = Reloader(run, (source, global) =>
        {
            Interlocked.Increment(ref builds);
            return run.Build(source, global);
        });

        await reloader.CloseAsync();
        AddSource(run, api, "b");
        var result = await reloader.ReloadAsync("REST");

        Assert.False(result.Ok);
        Assert.True(result.NotNow);
        Assert.Equal([ReloadResult.ShuttingDownError], result.Errors);
        Assert.Equal(0, builds);
        Assert.Equal(["a"], run.Scheduler.Running.Select(r => r.Id));
    }

    [Fact]
    public async Task A_reload_before_the_run_has_started_its_sources_is_refused_and_builds_no_runner()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        var builds = 0;
        ReloadResult? early = null;
        // As a SIGHUP right after the handler is set: the run would then start "a" a second time.
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1), beforeStart: r =>
        {
            File.AppendAllText(r.File.Path, $"\n  b:\n    url: {api.Url("/b")}\n");
            early = Reloader(r, (source, global) =>
            {
                Interlocked.Increment(ref builds);
                return r.Build(source, global);
            }).ReloadAsync("SIGHUP").GetAwaiter().GetResult();
        });

        Assert.NotNull(early);
        Assert.True(early.NotNow);
        Assert.Equal([ReloadResult.StartingError], early.Errors);
        Assert.Equal(0, builds);
        Assert.Equal(["a"], run.Scheduler.Running.Select(r => r.Id));
    }

    private static ConfigReloader Reloader(ScheduledSource run, Func<BuiltSource, GlobalConfig, SourceRunner> newRunner) =>
        new(ConfigSnapshot.Of(run.Loaded.Config), run.Loaded.Sources, run.File.Registry, [], run.Scheduler, newRunner, new SourceStatusBoard(run.Time), Logger.None,
            Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, run.Time));

    private static void AddSource(ScheduledSource run, FakeVendorServer api, string id) =>
        File.AppendAllText(run.File.Path, $"\n  {id}:\n    url: {api.Url("/" + id)}\n");

    // newRunner is synchronous, as SourceComposition.Build is: the reload is held inside it.
    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    // A disposed runner's HTTP client refuses the request; a live one polls the vendor, which answers [].
    private static async Task<bool> IsDisposedAsync(SourceRunner runner)
    {
        var outcome = await runner.RunCycleAsync(CancellationToken.None);
        return outcome.Error is ObjectDisposedException || outcome.Error?.InnerException is ObjectDisposedException;
    }
}
