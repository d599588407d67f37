using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// The wait between cycles was measured on the wall clock: when the system clock was stepped back (NTP
/// correcting a drifted clock, a VM restored from a snapshot, an operator fixing the date) every source
/// waited its interval plus the whole step, an hour back meaning an hour without collecting, silently.
/// The wait is now measured on the monotonic clock, which a clock step does not move.
/// </summary>
public sealed class WallClockStepTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wall_clock_stepped_back_does_not_lengthen_the_wait_between_cycles()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        using var file = new ConfigFile();
        var loaded = file.Load($"""
            global:
              state:
                backend: memory
            sources:
              a:
                url: {api.Url("/a")}
                schedule:
                  interval_secs: 60
                  jitter_secs: 0
                resilience:
                  retries: {"{ max_attempts: 1 }"}
            """);
        var fake = new FakeTimeProvider();
        var time = new SteppedClock(fake);
        await using var output = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, time, Logger.None);
        using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new MemoryStateStore(), output, time, Logger.None);
        var scheduler = new SourceScheduler([runner], time, Logger.None);
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await api.WaitForRequestsAsync(1, Hang);
            await time.TimerCreated(TimeSpan.FromSeconds(60)).WaitAsync(Hang);
            var waitStarted = fake.GetTimestamp();

            time.Offset = -TimeSpan.FromHours(1);
            // The step budget bounds the wait: 120 fake seconds, far less than the hour stepped back.
            await fake.AdvanceUntilAsync(Completed(api.WaitForRequestsAsync(2, TimeSpan.FromMinutes(10))), TimeSpan.FromSeconds(1), maxSteps: 120);

            Assert.Equal(2, api.Requests.Count);
            Assert.True(fake.GetElapsedTime(waitStarted) >= TimeSpan.FromSeconds(60), "polled again before the interval");
        }
        finally
        {
            shutdown.Cancel();
            await run.WaitAsync(Hang);
        }
    }

    private static async Task<bool> Completed(Task task)
    {
        await task;
        return true;
    }
}
