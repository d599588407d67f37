using System.Runtime.InteropServices;
using Helr.Kernel.Cli;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

/// <summary>SIGINT and SIGTERM are logged as they arrive: a shutdown that waits must not look as if the signal was lost.</summary>
public sealed class ShutdownSignalTests
{
    private sealed class Events : ILogEventSink
    {
        public List<LogEvent> All { get; } = new();

        public void Emit(LogEvent logEvent) => All.Add(logEvent);
    }

    [Fact]
    public void The_first_signal_stops_the_run_and_a_second_says_the_stop_is_under_way_and_how_to_end_it_at_once()
    {
        var events = new Events();
        using var log = new LoggerConfiguration().WriteTo.Sink(events).CreateLogger();
        using var stop = new CancellationTokenSource();
        using var signals = new ShutdownSignal(stop, log);

        var first = new PosixSignalContext(PosixSignal.SIGTERM);
        signals.Handle(first);
        Assert.True(stop.IsCancellationRequested);
        Assert.True(first.Cancel, "the runtime's default action (ending the process) must not run");
        signals.Handle(new PosixSignalContext(PosixSignal.SIGINT));

        // A test run that inherited SIGINT as ignored (a CI script's background job) starts with that
        // warning; IgnoredSignalsTests and the end-to-end IgnoredSigintTests cover it.
        var ignoredSigint = IgnoredSignals.IsIgnored(2);
        Assert.Equal(ignoredSigint, events.All.Count > 0 && events.All[0].RenderMessage().StartsWith("SIGINT is ignored by this process", StringComparison.Ordinal));
        Assert.Collection(events.All.Skip(ignoredSigint ? 1 : 0),
            e =>
            {
                Assert.Equal(LogEventLevel.Information, e.Level);
                Assert.StartsWith("SIGTERM received: stopping; the cycles in flight end within 30 s", e.RenderMessage());
            },
            e =>
            {
                Assert.Equal(LogEventLevel.Warning, e.Level);
                Assert.StartsWith("SIGINT received again: already stopping", e.RenderMessage());
                Assert.Contains("SIGKILL ends helr at once", e.RenderMessage());
            });
    }
}
