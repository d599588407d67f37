using System.Collections.Concurrent;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.State.Leases;
using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// One independent loop per source: a cycle, then a wait of its own <c>interval_secs</c> ± up to
/// <c>jitter_secs</c>. A failing source logs and waits for its next turn; it never stops the others.
/// Only an output failure (the consumer is gone) stops everything. With a lease gate (shared state
/// store) a source is polled only while this instance holds its lease. Loops can be added and
/// stopped while running (reload), and a cycle can be run on demand (the REST trigger).
/// </summary>
internal sealed partial class SourceScheduler(IReadOnlyList<SourceRunner> runners, TimeProvider time, ILogger log,
    LoadShedder? shedder = null, int? maxConcurrentSources = null, LeaseGate? gate = null, Func<double>? intervalScale = null,
    SourceStatusBoard? board = null, Task<Exception>? outputFailed = null)
{
    private readonly SourceBulkhead _bulkhead = new(maxConcurrentSources);
    private readonly ConcurrentDictionary<string, SourceLoop> _loops = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _outputFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Held while a loop is added to or taken out of _loops, and while the run ends: after it, _loops stays as it is.
    private readonly Lock _loopsChange = new();
    private CancellationToken _shutdown;

    /// <summary>True while <see cref="RunForeverAsync"/> runs: only then can loops be added or polls triggered.</summary>
    public bool Continuous { get; private set; }

    /// <summary>True once <see cref="RunForeverAsync"/> has ended (shutdown): no loop is added or stopped any more.</summary>
    public bool Ended { get; private set; }

    /// <summary>The runners of the running loops (reloads replace some).</summary>
    public IEnumerable<SourceRunner> Running => _loops.Values.Select(l => l.Runner);

    public async Task<int> RunForeverAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _shutdown = stop.Token;
        var firstCycles = new FirstCycles(runners.Count, log);
        // Under the lock: a reload (SIGHUP may arrive at once) sees either no run yet or all its loops.
        lock (_loopsChange)
        {
            Continuous = true;
            foreach (var runner in runners) Start(runner, firstCycles);
        }
        // The output's own failure too: a write of pages whose polls have ended (from the disk buffer) fails
        // with no poll to meet it, and a poll that writes nothing (no new events) never does.
        await Task.WhenAny(_outputFailed.Task, outputFailed ?? _outputFailed.Task, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        lock (_loopsChange)
        {
            Continuous = false;
            Ended = true;
        }
        stop.Cancel();
        foreach (var loop in _loops.Values.Concat(_stopping.Keys)) loop.Abort();
        // Polls triggered through the API run outside the loops: their checkpoints come before the leases go back.
        await AwaitStoppedAsync(_loops.Values.Select(l => (l.Runner, StoppedAsync(l))).Concat(_stopping.Select(s => (s.Key.Runner, s.Value))).ToList(), stop.Token);
        // Once: a poll that met the failure has said so (CycleLog).
        if (outputFailed is { IsCompleted: true } && !_outputFailed.Task.IsCompleted)
            log.Fatal("{Message}; stopping so no state is checkpointed past what was written", new OutputFailedException(outputFailed.Result).Message);
        return _outputFailed.Task.IsCompleted || outputFailed is { IsCompleted: true } || _abandoned ? 1 : 0;
    }

    private static async Task StoppedAsync(SourceLoop loop)
    {
        await loop.Task;
        await loop.CycleLock.WaitAsync();
    }

    /// <summary>
    /// Starts polling a source a reload added or restarted; with <paramref name="keepSchedule"/> it first waits
    /// out what was left of the wait of the loop it replaces. False once the run has ended: the runner was
    /// not taken, and the caller disposes it.
    /// </summary>
    public bool Start(SourceRunner runner, bool keepSchedule = false) => Start(runner, null, TakeCycleEnded(runner.Id, keepSchedule));

    private bool Start(SourceRunner runner, FirstCycles? firstCycles, long? cycleEnded = null)
    {
        lock (_loopsChange)
        {
            // Refused rather than added after the run: nothing would await its loop (it ends at once), so
            // RunPipeline could dispose the runner while that loop still ran. The caller disposes it instead.
            if (Ended) return false;
            var loop = new SourceLoop(runner, _shutdown, _cutHandOvers.Token, cycleEnded);
            if (!_loops.TryAdd(runner.Id, loop)) throw new InvalidOperationException($"source {runner.Id} is already running");
            // After the loop: a source the API finds on the board can be polled (PollNowAsync), never "not found".
            board?.Register(runner.Id);
            loop.Task = Task.Run(() => firstCycles is null ? LoopAsync(loop, null) : firstCycles.TrackAsync(cycled => LoopAsync(loop, cycled)), CancellationToken.None);
            return true;
        }
    }

    /// <summary>The runner polling <paramref name="sourceId"/> now, or null.</summary>
    public SourceRunner? Runner(string sourceId) =>
        _loops.TryGetValue(sourceId, out var loop) ? loop.Runner : Continuous ? null : _once.GetValueOrDefault(sourceId) ?? runners.FirstOrDefault(r => r.Id == sourceId);

    /// <summary>
    /// Runs one cycle of the source now (after its current one, if any) and returns what it did;
    /// null when the source is not running.
    /// </summary>
    public async Task<CycleOutcome?> PollNowAsync(string sourceId)
    {
        if (!_loops.TryGetValue(sourceId, out var loop)) return null;
        if (await TriggeredPollLock.TakeAsync(loop) is { } refused) return refused;
        try
        {
            if (gate is not null && await gate.WhyNotAsync(sourceId, loop.Runner.ReloadDedupe, loop.Aborted) is { } why)
                return new CycleOutcome(sourceId, 0, 0, 0, new PollException(why));
            return await CycleAsync(loop);
        }
        finally
        {
            loop.CycleLock.Release();
        }
    }

    // cycled: told after every cycle (FirstCycles counts the first), for the loops the run started with.
    private async Task LoopAsync(SourceLoop loop, Action? cycled)
    {
        var runner = loop.Runner;
        if (!await WaitOutKeptScheduleAsync(loop)) return;
        while (!loop.Stopping.IsCancellationRequested)
        {
            // Let go also when the output failed while it waited: the run ends on the output's own failure (RunForeverAsync).
            if (shedder is not null && !await shedder.WaitWhileShedAsync(runner, loop.Stopping)) break;
            // With leases, the gate returns holding the cycle lock: a lease is taken only between cycles.
            if (gate is not null)
            {
                // A lease the store fails to give is a failed cycle: logged, and the source unhealthy after 3.
                if (!await gate.WaitAsync(runner.Id, runner.ReloadDedupe, loop.CycleLock, loop.Stopping,
                        why => ReportRefused(runner, why))) break;
            }
            else
            {
                try
                {
                    await loop.CycleLock.WaitAsync(loop.Stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            if (gate is not null && await gate.GiveBackForBalanceAsync(runner.Id))
            {
                loop.CycleLock.Release();
                continue;
            }
            CycleOutcome outcome;
            try
            {
                outcome = await CycleAsync(loop, scheduled: true);
            }
            finally
            {
                loop.CycleLock.Release();
            }
            cycled?.Invoke();
            if (outcome.Error is OutputFailedException) break;
            try
            {
                await WaitForNextCycleAsync(runner, loop.Stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<CycleOutcome> CycleAsync(SourceLoop loop, bool scheduled = false)
    {
        if (scheduled) loop.CycleEnded = null;
        var outcome = await GuardedCycleAsync(loop.Runner, loop.Aborted, loop.Draining, loop.Cut);
        // Only a stop cancels a loop's cycle (PollTick.Explain): the shutdown's, or else a reload's.
        if (outcome.Error is OperationCanceledException stop)
            outcome = outcome with { Error = _shutdown.IsCancellationRequested ? new OperationCanceledException("poll stopped: helr is shutting down", stop) : new StoppedByReloadException(stop) };
        // A cycle a stop cut short (cancelled) leaves pages to fetch: the restarted source polls at once. One that
        // ended by itself, also while a reload's stop waited for its last page, keeps the schedule.
        if (scheduled && outcome.Error is not OperationCanceledException) loop.CycleEnded = time.GetTimestamp();
        gate?.OnError(loop.Runner.Id, outcome.Error);
        Report(outcome, onBoard: !loop.GivenUp);
        if (outcome.Error is OutputFailedException) _outputFailed.TrySetResult();
        return outcome;
    }

    // The one place every cycle's outcome passes: the log line and the status board. A cycle a reload gave up
    // on that returns later is logged, but kept off the board: there it put back a source the reload had removed
    // (listed by /healthz and counted by /readyz for the rest of the run), or mixed into its new runner's row.
    // A cycle a stop cut short is no outcome, but the events it wrote count (events_last_hour, newest time, lag).
    private void Report(CycleOutcome outcome, bool onBoard = true)
    {
        if (onBoard && outcome.Error is not OperationCanceledException)
            board?.Record(outcome.SourceId, new CycleReport(outcome.Ok, outcome.Pages, outcome.Events, outcome.Error?.Message, outcome.NewestEventTime));
        else if (onBoard && outcome.Events > 0) board?.Written(outcome.SourceId, outcome.Events, outcome.NewestEventTime);
        CycleLog.Write(log, outcome);
    }
}
