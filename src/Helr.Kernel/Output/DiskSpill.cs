using System.Threading.Channels;

namespace Helr.Kernel.Output;

/// <summary>
/// disk_buffer: when a page does not fit in memory, it and everything still queued go to the disk
/// buffer, and so does every later page until the writer has drained the disk. Lines therefore
/// leave in the order they came (per source and overall). The lines being written at that moment
/// are copied too and acknowledged by the copy; once their write completes, the writer skips them
/// on disk. Appends are done in admission order by one spiller thread, which fsyncs before
/// acknowledging.
/// </summary>
internal sealed partial class OutputWriter
{
    private readonly Channel<SpillRequest> _spills = Channel.CreateUnbounded<SpillRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _spillStop = new();
    private Thread? _spiller;
    private readonly TaskCompletionSource _spillerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _spilling;
    private int _pendingSpills;

    private void StartSpiller()
    {
        var left = _disk!.UnreadBytes;
        if (left > 0)
        {
            // Lines spilled by an earlier run were acknowledged then; they go out before anything new.
            _spilling = true;
            _load.StartActive();
            _log.Warning("disk buffer {Path} holds {Bytes} bytes from an earlier run; writing them before new events", _disk.Path, left);
        }
        _spiller = new Thread(SpillerLoop) { IsBackground = true, Name = "helr-spill" };
        _spiller.Start();
    }

    private async Task AdmitPageAsync(PageTicket ticket)
    {
        var lineCount = ticket.Lines.Span.Count((byte)'\n');
        SpillRequest request;
        lock (_lock)
        {
            ThrowIfFailed();
            PurgeAged();
            var idle = _queue.Count == 0 && _inFlight.Count == 0;
            if (!_spilling && (idle || Fits(lineCount, ticket.Lines.Length)))
            {
                EnqueueAll(ticket);
                return;
            }
            var backlog = new List<QueuedLine>();
            if (!_spilling)
            {
                _spilling = true;
                EnterLoad("spilling to the disk buffer");
                if (_inFlight.Count > 0 && !_inFlightMirrored)
                {
                    backlog.AddRange(_inFlight);
                    _inFlightMirrored = true;
                }
                while (_queue.Count > 0) backlog.Add(_queue.Dequeue());
                SignalSpace();
            }
            _pendingSpills++;
            request = new SpillRequest(backlog, ticket.Lines);
            _spills.Writer.TryWrite(request);
        }
        // No cancellation here: once queued, the page goes to disk and out whatever the producer does
        // now. Giving up at a stop (SIGTERM) would leave a page on disk that its source never
        // checkpoints, and the next start would write it a second time. The spiller always answers
        // (fsynced, or failed with the output's error), and a page that goes to memory is not
        // waited for at all.
        await request.Done.Task;
    }

    private void SpillerLoop()
    {
        var reader = _spills.Reader;
        try
        {
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                var batch = new List<SpillRequest>();
                while (reader.TryRead(out var request)) batch.Add(request);
                var groups = new List<IReadOnlyList<ReadOnlyMemory<byte>>>();
                foreach (var request in batch)
                {
                    if (request.Backlog.Count > 0)
                        groups.Add(request.Backlog.Select(l => l.Ticket.Lines.Slice(l.Start, l.Length)).ToList());
                    groups.Add(new[] { request.Page });
                }
                Exception? error = null;
                try
                {
                    _disk!.Append(groups, _spillStop.Token);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
                {
                    error = ex;
                }
                lock (_lock)
                {
                    foreach (var request in batch)
                    {
                        _pendingSpills--;
                        if (error is null)
                        {
                            foreach (var line in request.Backlog) DisposeLine(line, null);
                            request.Done.TrySetResult();
                        }
                        else request.Done.TrySetException(new OutputFailedException(error));
                    }
                    Monitor.PulseAll(_lock);
                }
                if (error is not null) Fail(error);
            }
        }
        finally
        {
            _spillerDone.TrySetResult();
        }
    }

    // Called by the writer (under the lock) when memory is empty: once the disk is drained too, memory takes pages again.
    private void MaybeStopSpilling()
    {
        if (!_spilling || _pendingSpills > 0 || _queue.Count > 0 || _disk!.UnreadBytes > 0) return;
        _spilling = false;
        _log.Debug("disk buffer drained; pages go through memory again");
        CheckLoadCleared();
    }

    private void FailPendingSpills(Exception error)
    {
        while (_spills.Reader.TryRead(out var request))
        {
            lock (_lock) _pendingSpills--;
            request.Done.TrySetException(new OutputFailedException(error));
        }
    }

    private async Task StopSpillerAsync()
    {
        if (_spiller is null) return;
        _spills.Writer.TryComplete();
        await _spillerDone.Task;
    }

    private sealed record SpillRequest(List<QueuedLine> Backlog, ReadOnlyMemory<byte> Page)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
