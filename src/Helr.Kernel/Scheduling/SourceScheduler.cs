using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.State.Leases;
using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// One independent loop per source: a cycle, then a wait of its own <c>interval_secs</c> ± up to
/// <c>jitter_secs</c>. A failing source logs and waits for its next turn; it never stops the others.
/// Only an output failure (the consumer is gone) stops everything. With a lease gate (shared state
/// store) a source is polled only while this instance holds its lease.
/// </summary>
internal sealed class SourceScheduler(IReadOnlyList<SourceRunner> runners, TimeProvider time, ILogger log,
    LoadShedder? shedder = null, int? maxConcurrentSources = null, LeaseGate? gate = null, Func<double>? intervalScale = null)
{
    private readonly SourceBulkhead _bulkhead = new(maxConcurrentSources);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var outcomes = (await Task.WhenAll(runners.Select(r => Task.Run(() => OnceAsync(r, ct), CancellationToken.None)))).OfType<CycleOutcome>().ToList();
        foreach (var outcome in outcomes) Report(outcome);
        if (outcomes.Any(o => o.Error is OutputFailedException)) return 1;
        // A cycle cut short by SIGINT/SIGTERM is a clean stop, not a failure.
        return outcomes.All(o => o.Ok || (o.Error is OperationCanceledException && ct.IsCancellationRequested)) ? 0 : 1;
    }

    public async Task<int> RunForeverAsync(CancellationToken ct)
    {
        using var fatal = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = runners.Select(r => Task.Run(() => LoopAsync(r, fatal), CancellationToken.None)).ToList();
        await Task.WhenAll(loops);
        return loops.Any(l => l.Result) ? 1 : 0;
    }

    // Null when another instance holds the source's lease: it is that instance's to poll.
    private async Task<CycleOutcome?> OnceAsync(SourceRunner runner, CancellationToken ct)
    {
        if (gate is not null && !await gate.TryAcquireAsync(runner.Id, runner.ReloadDedupe, ct))
        {
            log.Warning("skipped: {SourceId} is being polled by another instance (it holds the source's lease)", runner.Id);
            return null;
        }
        var outcome = await _bulkhead.RunAsync(runner, ct);
        gate?.OnError(runner.Id, outcome.Error);
        return outcome;
    }

    // Returns true when the loop stopped because output failed.
    private async Task<bool> LoopAsync(SourceRunner runner, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (shedder is not null && !await shedder.WaitWhileShedAsync(runner, stop.Token)) break;
            if (gate is not null && !await gate.WaitAsync(runner.Id, runner.ReloadDedupe, stop.Token)) break;
            var outcome = await _bulkhead.RunAsync(runner, stop.Token);
            gate?.OnError(runner.Id, outcome.Error);
            Report(outcome);
            if (outcome.Error is OutputFailedException)
            {
                stop.Cancel();
                return true;
            }
            try
            {
                await Task.Delay(NextDelay(runner), time, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return false;
    }

    private TimeSpan NextDelay(SourceRunner runner)
    {
        var s = runner.Settings;
        var jitter = s.JitterSecs > 0 ? (Random.Shared.NextDouble() * 2 - 1) * s.JitterSecs : 0;
        return TimeSpan.FromSeconds(Math.Max(1, s.IntervalSecs * (intervalScale?.Invoke() ?? 1) + jitter));
    }

    private void Report(CycleOutcome outcome)
    {
        switch (outcome.Error)
        {
            case null:
                log.Information("poll ok: {SourceId} {Pages} pages, {Events} events{Dupes}",
                    outcome.SourceId, outcome.Pages, outcome.Events, outcome.Duplicates > 0 ? $" ({outcome.Duplicates} duplicates dropped)" : "");
                break;
            case OperationCanceledException:
                log.Information("poll stopped by shutdown: {SourceId} after {Pages} pages, {Events} events", outcome.SourceId, outcome.Pages, outcome.Events);
                break;
            case OutputFailedException output:
                log.Fatal("{Message}; stopping so no state is checkpointed past what was written", output.Message);
                break;
            case PollException poll:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, poll.Message);
                break;
            default:
                log.Error("poll failed: {SourceId}: {Error}", outcome.SourceId, outcome.Error.Message);
                break;
        }
    }
}
