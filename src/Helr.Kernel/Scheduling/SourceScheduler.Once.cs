using System.Collections.Concurrent;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;

namespace Helr.Kernel.Scheduling;

// `run --once`: one cycle of every source, each started as soon as its runner is built.
internal sealed partial class SourceScheduler
{
    // The runners a one-cycle run has started so far (they arrive while it runs): the API may look one up meanwhile.
    private readonly ConcurrentDictionary<string, SourceRunner> _once = new(StringComparer.Ordinal);

    /// <summary>True once <see cref="RunOnceAsync"/> has begun: the API tells a trigger poll there is none, rather than "starting".</summary>
    public bool OneCycle { get; private set; }

    /// <summary>
    /// One cycle of every source. <paramref name="arriving"/>: the runners as they are built (each starts
    /// at once, while the next is built), instead of the scheduler's list. It must not throw: a source that
    /// cannot be built is named and left out by its producer (RunPipeline), and the run exits 1 for it.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct, IEnumerable<SourceRunner>? arriving = null)
    {
        OneCycle = true;
        var cycles = new List<(SourceRunner Runner, Task<CycleOutcome?> Cycle)>();
        foreach (var runner in arriving ?? runners)
        {
            // SIGINT/SIGTERM: the sources not started yet are not built only to be skipped.
            if (ct.IsCancellationRequested) break;
            _once[runner.Id] = runner;
            board?.Register(runner.Id);
            cycles.Add((runner, Task.Run(() => OnceAsync(runner, ct), CancellationToken.None)));
        }
        // A cycle stuck past its poll_tick_secs is given up on as a stop would: a run from a timer (systemd,
        // cron) gets no SIGTERM, so it never ended and no later run started. Unwrap keeps a cycle's exception.
        // Each cycle's signal is taken once: a stuck cycle that returns replaces it with the next one's.
        var watched = cycles.Select(c => (c.Runner, c.Cycle, Found: c.Runner.Stuck.Found)).ToList();
        await AwaitStoppedAsync(watched.Select(c => (c.Runner, Task.WhenAny((Task)c.Cycle, c.Found).Unwrap())).ToList(), ct);
        foreach (var (runner, _, _) in watched.Where(c => !c.Cycle.IsCompleted && c.Found.IsCompleted))
        {
            _abandoned = true;
            log.Error("run --once: source {SourceId} (type {Type}) did not end {Secs} s after timeouts.poll_tick_secs fired (its plugin's code does not return "
                + "and ignores its cancellation, or the output does not take its page); exiting without it: its pages not yet checkpointed are fetched again at the next run",
                runner.Id, runner.Settings.Type, StuckCycle.Grace.TotalSeconds);
        }
        var outcomes = cycles.Where(c => c.Cycle.IsCompletedSuccessfully).Select(c => c.Cycle.Result).OfType<CycleOutcome>().ToList();
        foreach (var outcome in outcomes) Report(outcome);
        if (_abandoned || outcomes.Any(o => o.Error is OutputFailedException)) return 1;
        // A cycle cut short by SIGINT/SIGTERM is a clean stop, not a failure.
        return outcomes.All(o => o.Ok || (o.Error is OperationCanceledException && ct.IsCancellationRequested)) ? 0 : 1;
    }

    // Null when another instance holds the source's lease: it is that instance's to poll. A free lease is
    // taken even beyond this instance's fair share: one attempt is all a one-cycle run makes.
    private async Task<CycleOutcome?> OnceAsync(SourceRunner runner, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return new CycleOutcome(runner.Id, 0, 0, 0, new OperationCanceledException(ct));
        try
        {
            if (gate is not null && !await gate.TryAcquireAsync(runner.Id, runner.ReloadDedupe, ct, once: true))
            {
                // SIGTERM while the lease was being taken: a stop, not another instance's source.
                if (ct.IsCancellationRequested) return new CycleOutcome(runner.Id, 0, 0, 0, new OperationCanceledException(ct));
                log.Warning("skipped: {SourceId} is being polled by another instance (it holds the source's lease)", runner.Id);
                return null;
            }
        }
        catch (State.StateStoreUnavailableException ex)
        {
            // Not skipped for another instance: nobody polled it, so the run must not report success.
            runner.CountFailedCycle();
            return new CycleOutcome(runner.Id, 0, 0, 0, new PollException($"the source's lease cannot be taken: {ex.Message}", ex));
        }
        var outcome = await GuardedCycleAsync(runner, ct, default, _cutHandOvers.Token);
        gate?.OnError(runner.Id, outcome.Error);
        return outcome;
    }
}
