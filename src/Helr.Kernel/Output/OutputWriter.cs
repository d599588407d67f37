using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// The one writer of the output. Sources hand it whole pages of NDJSON lines (<see cref="SubmitAsync"/>);
/// the lines wait in a bounded queue in memory (<see cref="MemoryQueue"/>: admission and the drop
/// policy), spill to the disk buffer under disk_buffer (<see cref="DiskSpill"/>), and one thread writes
/// them (<see cref="WriterLoop"/>). A page's acknowledgement completes once each of its lines was
/// written and flushed, dropped and counted, or fsynced to the disk buffer; only then may the source
/// checkpoint it. The first write failure (EPIPE) is fatal: every pending page fails with it.
/// At the end, <see cref="OutputSummary"/> logs the totals.
/// </summary>
internal sealed class OutputWriter : IPageOutput, IOutputLoad, IAsyncDisposable
{
    private readonly ILineSink _sink;
    private readonly ILogger _log;
    private readonly OutputState _state;
    private readonly MemoryQueue _queue;
    private readonly DiskSpill? _spill;
    private readonly LeftoverDrain? _leftover;
    private readonly WriterLoop _writer;
    private readonly WriteWatch _watch;
    private readonly TaskCompletionSource<Exception> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutputWriter(ILineSink sink, OutputLimits limits, DiskBuffer? disk, TimeProvider time, ILogger log, Telemetry? telemetry = null)
    {
        telemetry ??= Telemetry.Create(log, time);
        _sink = sink;
        _log = log;
        Limits = limits;
        _state = new OutputState(telemetry, new OutputLoad(limits, time, log));
        if (disk is not null) disk.Log = log;
        var spillTo = limits.Strategy == BackpressureStrategy.DiskBuffer ? disk : null;
        if (spillTo is null && disk is not null) _leftover = LeftoverDrain.Adopt(disk, limits, _state, log);
        if (spillTo is null && ChannelQueue.Serves(limits)) _queue = new ChannelQueue(_state, limits);
        else
        {
            var budget = new BudgetQueue(_state, limits, time);
            if (spillTo is not null) budget.Spill = _spill = new DiskSpill(spillTo, _state, budget, log, Fail);
            _queue = budget;
        }
        _watch = new WriteWatch(sink.Description, time, telemetry);
        _writer = new WriterLoop(sink, limits.Sync, _queue, _spill, _leftover, Fail, _watch);
        _spill?.Start();
        _writer.Start();
    }

    public string Description => _sink.Description;

    public OutputLimits Limits { get; }

    /// <summary>The failure that stopped output, if any.</summary>
    public Exception? Failure { get { lock (_state.Lock) return _state.Failure; } }

    /// <summary>True while one write (with its sync) has not returned for a minute: its reader does not read, or the disk does not answer.</summary>
    public bool Stalled => _watch.Stalled;

    /// <summary>Completes when the output fails (<see cref="Failure"/>), whether or not a page of a running poll meets it.</summary>
    public Task<Exception> Failed => _failed.Task;

    /// <summary>True while the queue is full (or spilling) and until it drains below 75 % of its limits.</summary>
    public bool UnderLoad { get { lock (_state.Lock) return _state.Load.Active; } }

    /// <summary>Completes when the output is no longer under load.</summary>
    public Task WhenLoadClearedAsync(CancellationToken ct)
    {
        lock (_state.Lock) return _state.Load.WhenClearedAsync(ct);
    }

    /// <summary>Admits and then waits for the page to be written (for callers that do not pipeline).</summary>
    public async Task WriteAsync(string source, ReadOnlyMemory<byte> lines, CancellationToken ct = default) =>
        await await EnqueueAsync(source, lines, ct);

    /// <summary>
    /// Admits the page's lines to the queue (waiting for room under block, for the disk under
    /// disk_buffer) and returns the task that completes when the page may be checkpointed.
    /// </summary>
    public async Task<Task> EnqueueAsync(string source, ReadOnlyMemory<byte> lines, CancellationToken ct = default) =>
        (await AdmitAsync(source, lines, null, ct))?.Done ?? Task.CompletedTask;

    public async Task<PageReceipt> SubmitAsync(string source, PageLines page, CancellationToken ct)
    {
        // Not under disk_buffer: lines being written when spilling begins are also copied to disk, and
        // the spiller may complete their page while the writer still reads them.
        var ticket = await AdmitAsync(source, page.WrittenMemory, _spill is null ? page : null, ct, page.LineEnds);
        if (ticket is not null) return new PageReceipt(ticket.Acknowledged);
        page.Recycle();
        return PageReceipt.Written;
    }

    private async Task<PageTicket?> AdmitAsync(string source, ReadOnlyMemory<byte> lines, PageLines? recycleWhenDone, CancellationToken ct, ReadOnlyMemory<int> lineEnds = default)
    {
        if (lines.IsEmpty) return null;
        var ticket = _state.Open(source, lines, recycleWhenDone, lineEnds);
        // A cut hand-over takes back the page's lines still queued, at once (the callback runs within the
        // cancel): left there, they were written (at shutdown too) while the page was never checkpointed,
        // so the next start wrote them again. What the writer already took is written, and repeats.
        // Under disk_buffer a page's lines are on disk once admitted, as today.
        var cut = _spill is null && ct.CanBeCanceled ? ct.Register(Withdraw, ticket) : default;
        try
        {
            await _queue.AdmitAsync(ticket, ct);
        }
        catch (OperationCanceledException) when (cut != default && ct.IsCancellationRequested)
        {
            // The wait's own callback may have run first, this one inline, and unregistered ours before it ran.
            Withdraw(ticket);
            throw;
        }
        finally
        {
            // Waits for a withdrawal running now: after it, the page is either whole in the queue or taken back.
            cut.Dispose();
            _state.Admitted(ticket);
        }
        // Cut as its last line went in: it is taken back all the same.
        if (ticket.Withdrawn) throw new OperationCanceledException(ct);
        return ticket;
    }

    private void Withdraw(object? page)
    {
        var ticket = (PageTicket)page!;
        lock (_state.Lock)
        {
            if (_state.Withdraw(ticket)) _queue.Withdrawn(ticket);
        }
    }

    private void Fail(Exception error)
    {
        string source;
        lock (_state.Lock)
        {
            if (!_state.Fail(error)) return;
            source = _queue.Batch.Count > 0 ? _queue.Batch.Lines[0].Ticket.Source : "output";
            _queue.Failed(error);
        }
        _state.Telemetry.Emit(new OutputFailed(source, error.Message));
        _spill?.FailPending(error);
        _failed.TrySetResult(error);
    }

    /// <summary>
    /// Stops accepting pages and waits for the writer to write what is queued (and, when
    /// <paramref name="drainDisk"/>, what is in the disk buffer), then logs the totals.
    /// </summary>
    public async Task CompleteAsync(bool drainDisk)
    {
        lock (_state.Lock)
        {
            if (!_state.Complete(drainDisk)) return;
            _queue.Complete(drainDisk);
        }
        if (_spill is not null) await _spill.StopAsync();
        lock (_state.Lock) Monitor.PulseAll(_state.Lock);
        await _writer.Done;
        OutputSummary.Log(_log, _state.Telemetry.Counters, _writer.LinesWritten, _writer.LinesFromDisk, _spill?.Disk ?? _leftover?.Disk);
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync(drainDisk: true);
        try
        {
            _sink.Flush();
        }
        catch (IOException)
        {
            // Already reported through Failure.
        }
        _sink.Dispose();
        _spill?.Disk.Dispose();
        _leftover?.Disk.Dispose();
    }
}
