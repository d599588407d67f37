using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A reload stopped the sources it removes or restarts one after the other, each given up to 30 s to
/// finish its page in flight: with a slow vendor and <c>restart_sources_on_sighup</c>, a reload took 30 s
/// per source, and the sources stopped first were not polled until the last had stopped. They now stop
/// together: the reload takes as long as the slowest.
/// </summary>
public sealed class ReloadStopsSourcesTogetherTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sources_with_a_page_in_flight_are_stopped_together_not_one_after_the_other()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Neither page comes while the test runs: each stop waits out the drain grace (30 s), then cancels it.
        api.OnGet("/a", _ => FakeResponse.Json("[]") with { Delay = TimeSpan.FromMinutes(10) });
        api.OnGet("/b", _ => FakeResponse.Json("[]") with { Delay = TimeSpan.FromMinutes(10) });
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1));
        var reloader = new ConfigReloader(ConfigSnapshot.Of(run.Loaded.Config), run.Loaded.Sources, run.File.Registry, [], run.Scheduler,
            run.Build, new SourceStatusBoard(run.Time), Logger.None, Helr.Kernel.Observability.Telemetry.Telemetry.Create(Logger.None, run.Time));
        File.AppendAllText(run.File.Path, $"\n  b:\n    url: {api.Url("/b")}\n    resilience:\n      timeout_secs: 3600\n");
        Assert.True((await reloader.ReloadAsync("SIGHUP").WaitAsync(Hang)).Ok);
        await api.WaitForRequestsAsync(2, Hang);

        File.WriteAllText(run.File.Path, File.ReadAllText(run.File.Path).Replace("sources:", "  reload:\n    restart_sources_on_sighup: true\nsources:"));
        var reload = Task.Run(() => reloader.ReloadAsync("SIGHUP"));
        // 45 s on the fake clock: one drain grace and then some, short of two (stopped one after the other).
        var result = await run.Time.AdvanceUntilAsync(reload, TimeSpan.FromMilliseconds(10), maxSteps: 4_500);

        Assert.True(result.Ok, string.Join("; ", result.Errors));
        Assert.Equal(["a", "b"], result.Plan!.Changed.Order());
    }
}
