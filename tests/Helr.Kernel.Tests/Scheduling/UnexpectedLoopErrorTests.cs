using Helr.Kernel.Api;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// An exception nobody anticipated escaping a cycle (here a plugin's exception whose Message getter
/// throws, read when the failure is reported) ended the source's loop: its task faulted unobserved, and
/// the source was never polled again, without a word, showing its last status for ever. The loop now
/// counts it as a failed cycle and polls again after its interval.
/// </summary>
public sealed class UnexpectedLoopErrorTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // A vendor error type whose message is built from a response it does not always have.
    private sealed class VendorException : Exception
    {
        private readonly string? _code = null;
        public override string Message => "vendor error " + _code!.ToUpperInvariant();
    }

    private sealed class Plugin : IHelrPlugin, ISourceType, ISource
    {
        private int _calls;
        public SemaphoreSlim Called { get; } = new(0);
        public int Calls => Volatile.Read(ref _calls);
        public PluginInfo Info { get; } = new() { Name = "odd", Version = "1.0.0", Description = "throws an odd exception" };
        public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
        public string Name => "odd";
        public string Description => "";
        public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
        public IAuthenticator? Authenticator => null;
        public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
        public IEventExtractor Extractor { get; } = new JsonEventExtractor();
        public SourceDefaults Defaults => SourceDefaults.None;

        public IPollCycle BeginCycle(CycleContext context)
        {
            Interlocked.Increment(ref _calls);
            Called.Release();
            throw new VendorException();
        }
    }

    [Fact]
    public async Task A_source_whose_cycle_throws_something_unexpected_is_polled_again_after_its_interval()
    {
        await using var run = new PluginRun<Plugin>(new Plugin(), schedule: "interval_secs: 60, jitter_secs: 0");
        var (plugin, time, scheduler, runner) = (run.Plugin, run.Time, run.Scheduler, run.Runner);
        var board = run.Board;
        using var shutdown = new CancellationTokenSource();
        var ended = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            await plugin.Called.WaitAsync(Hang);
            // The step budget bounds the wait: a dead loop never calls the plugin again.
            await time.AdvanceUntilAsync(plugin.Called.WaitAsync(Hang), TimeSpan.FromSeconds(1), maxSteps: 300);

            Assert.Equal(2, plugin.Calls);
            var status = board.Get("s1")!;
            Assert.True(status.FailuresInARow >= 1, "the failed cycle is not on the status board");
            Assert.Contains("VendorException", status.LastError);
            Assert.NotEqual("ok", SourceStatusJson.Status(status, runner.Circuit, runner.Stall));
        }
        finally
        {
            shutdown.Cancel();
            Assert.Equal(0, await ended.WaitAsync(Hang));
        }
    }
}
