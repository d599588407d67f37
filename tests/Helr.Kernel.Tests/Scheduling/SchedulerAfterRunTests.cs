using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// Once RunForeverAsync has returned, a reload still under way neither adds a loop (nothing would poll
/// or await it, and its runner would be disposed by no one) nor stops one (RunForeverAsync holds every
/// loop's cycle lock, which the stop would wait for forever, and the shutdown with it).
/// </summary>
public sealed class SchedulerAfterRunTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_source_started_after_the_run_ended_is_refused()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        // Taken out first, so that starting it again is not refused for being already there.
        (await run.Scheduler.StopAsync("a"))?.Dispose();
        await run.Shutdown();

        using var runner = run.Build(run.Loaded.Sources[0], run.Loaded.Config.Global);
        Assert.False(run.Scheduler.Start(runner), "the scheduler took a runner after its run had ended");
        Assert.Empty(run.Scheduler.Running);
    }

    [Fact]
    public async Task Stopping_a_source_after_the_run_ended_returns_at_once_and_leaves_its_runner_to_the_shutdown()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        await run.Shutdown();

        // Bounded: a stop that waits for the cycle lock RunForeverAsync keeps never returns.
        Assert.Null(await run.Scheduler.StopAsync("a").WaitAsync(Hang));
        Assert.Equal(["a"], run.Scheduler.Running.Select(r => r.Id));
    }
}
