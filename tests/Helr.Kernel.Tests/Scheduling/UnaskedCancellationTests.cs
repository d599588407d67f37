using Helr.Kernel.Api;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A cycle that ends in a cancellation nobody asked for (a plugin's own HttpClient.Timeout throws
/// TaskCanceledException, so does a Task.Delay on a token of its own) failed. It was taken for a stop
/// (shutdown or reload): not recorded on the status board and logged as "poll stopped by shutdown",
/// so a source failing every cycle kept showing "ok", never polled successfully, in /healthz.
/// </summary>
public sealed class UnaskedCancellationTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private sealed class Plugin : IHelrPlugin, ISourceType, ISource
    {
        public PluginInfo Info { get; } = new() { Name = "timing_out", Version = "1.0.0", Description = "its own client times out" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "timing_out";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public IAuthenticator? Authenticator => null;
        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => SourceDefaults.None;

        // What HttpClient throws when its own Timeout elapses.
        public IPollCycle BeginCycle(CycleContext context) =>
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException());
    }

    [Fact]
    public async Task A_cycle_cancelled_without_a_stop_being_asked_is_a_failure_on_the_status_board()
    {
        await using var run = new PluginRun<Plugin>(new Plugin());
        var (scheduler, runner, board) = (run.Scheduler, run.Runner, run.Board);
        using var shutdown = new CancellationTokenSource();
        var ended = scheduler.RunForeverAsync(shutdown.Token);

        // The outcome as the REST trigger reports it.
        var outcome = await scheduler.PollNowAsync("s1")!.WaitAsync(Hang);
        shutdown.Cancel();
        await ended;

        Assert.IsNotType<TaskCanceledException>(outcome!.Error);
        Assert.Contains("HttpClient.Timeout", outcome.Error!.Message);
        var status = board.Get("s1")!;
        // The triggered poll at least (the scheduled one may have come first, or been cut by the shutdown).
        Assert.True(status.Cycles >= 1, "no cycle on the status board");
        Assert.Equal(status.Cycles, status.FailuresInARow);
        Assert.Contains("HttpClient.Timeout", status.LastError);
        Assert.NotEqual("ok", SourceStatusJson.Status(status, runner.Circuit, runner.Stall));
    }
}
