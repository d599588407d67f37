using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Observability;

namespace Helr.Kernel.Output;

// long because: the writer thread's loop, batching, disk drain, failure and shutdown all work on the in-flight batch state declared below.
internal sealed partial class OutputWriter
{
    private readonly List<QueuedLine> _inFlight = new();
    private long _inFlightBytes;
    private bool _inFlightMirrored;
    private bool _writerWaiting;
    private long _linesWritten;
    private long _linesFromDisk;
    private long _diskSkip;
    private long _rssCheckedAt;
    private bool _rssOver;

    private void WriterLoop()
    {
        var diskBuffer = _disk is null && _leftover is null ? Array.Empty<byte>() : new byte[OutputLimits.BatchBytes];
        try
        {
            DrainLeftover(ref diskBuffer);
            while (true)
            {
                bool fromMemory;
                lock (_lock)
                {
                    while (true)
                    {
                        if (_failure is not null) return;
                        PurgeAged();
                        if (_queue.Count > 0)
                        {
                            TakeBatch();
                            fromMemory = true;
                            break;
                        }
                        MaybeStopSpilling();
                        var diskReady = _disk is not null && _disk.UnreadBytes > 0 && (!_completing || _drainDisk);
                        if (diskReady)
                        {
                            fromMemory = false;
                            break;
                        }
                        if (_completing && _pendingSpills == 0)
                        {
                            // The copy of lines written just before spilling began must not be written again at the next start.
                            if (_diskSkip > 0) _disk!.Skip(ref _diskSkip);
                            return;
                        }
                        _writerWaiting = true;
                        Monitor.Wait(_lock, 1000);
                        _writerWaiting = false;
                    }
                }
                if (fromMemory) WriteBatch();
                else WriteFromDisk(_disk!, ref diskBuffer, ref _diskSkip);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException or NotSupportedException)
        {
            Fail(ex);
        }
        finally
        {
            _writerDone.TrySetResult();
        }
    }

    private void TakeBatch()
    {
        while (_queue.Count > 0 && (_inFlight.Count == 0 || _inFlightBytes + _queue[0].Length <= OutputLimits.BatchBytes))
        {
            var line = _queue.Dequeue();
            _inFlight.Add(line);
            _inFlightBytes += line.Length;
        }
        SignalSpace();
        CheckLoadCleared();
    }

    private void WriteBatch()
    {
        // Adjacent lines of one page are contiguous in its buffer: write them as one span.
        var i = 0;
        while (i < _inFlight.Count)
        {
            var first = _inFlight[i];
            var end = first.Start + first.Length;
            var j = i + 1;
            while (j < _inFlight.Count && _inFlight[j].Ticket == first.Ticket && _inFlight[j].Start == end)
            {
                end += _inFlight[j].Length;
                j++;
            }
            _sink.Write(first.Ticket.Lines.Span[first.Start..end]);
            i = j;
        }
        _sink.Flush();
        // One sync per batch, before any page of it may be checkpointed (global.output.sync).
        if (_limits.Sync) _sink.Sync();
        lock (_lock)
        {
            _linesWritten += _inFlight.Count;
            if (_inFlightMirrored)
            {
                // These lines were also copied to the disk buffer when spilling began; skip that copy.
                _diskSkip += _inFlightBytes;
            }
            else
            {
                // A batch holds runs of lines of one page: account for each run at once.
                var run = 0;
                while (run < _inFlight.Count)
                {
                    var ticket = _inFlight[run].Ticket;
                    var next = run + 1;
                    while (next < _inFlight.Count && _inFlight[next].Ticket == ticket) next++;
                    if (ticket.Dispose(next - run)) _live.Remove(ticket);
                    run = next;
                }
            }
            _inFlight.Clear();
            _inFlightBytes = 0;
            _inFlightMirrored = false;
            SignalSpace();
            CheckLoadCleared();
        }
    }

    // The read position moves (and a read segment may be deleted) only once the lines are on disk.
    private void WriteFromDisk(DiskBuffer disk, ref byte[] buffer, ref long skip)
    {
        var n = disk.Read(ref buffer, ref skip);
        if (n == 0) return;
        _sink.Write(buffer.AsSpan(0, n));
        _sink.Flush();
        if (_limits.Sync) _sink.Sync();
        disk.Commit();
        var lines = buffer.AsSpan(0, n).Count((byte)'\n');
        lock (_lock)
        {
            _linesWritten += lines;
            _linesFromDisk += lines;
        }
    }

    private void Fail(Exception error)
    {
        string source;
        lock (_lock)
        {
            if (_failure is not null) return;
            _failure = error;
            source = _inFlight.Count > 0 ? _inFlight[0].Ticket.Source : "output";
            var failed = new OutputFailedException(error);
            foreach (var ticket in _live) ticket.Fail(failed);
            _live.Clear();
            _spaceFreed.TrySetResult();
            _load.Release();
            Monitor.PulseAll(_lock);
        }
        _telemetry.Emit(new OutputFailed(source, error.Message));
        FailPendingSpills(error);
    }

    // Process RSS, sampled at most every 250 ms: reading it costs a /proc read.
    private bool MemoryOver()
    {
        if (_limits.MemoryThresholdBytes is not { } threshold) return false;
        var now = _time.GetTimestamp();
        if (_rssCheckedAt == 0 || _time.GetElapsedTime(_rssCheckedAt, now) >= TimeSpan.FromMilliseconds(250))
        {
            _rssCheckedAt = now;
            _rssOver = Environment.WorkingSet > threshold;
        }
        return _rssOver;
    }

    /// <summary>
    /// Stops accepting pages and waits for the writer to write what is queued (and, when
    /// <paramref name="drainDisk"/>, what is in the disk buffer), then logs the totals.
    /// </summary>
    public async Task CompleteAsync(bool drainDisk)
    {
        lock (_lock)
        {
            if (_completing) return;
            _completing = true;
            _drainDisk = drainDisk;
            Monitor.PulseAll(_lock);
        }
        await StopSpillerAsync();
        lock (_lock) Monitor.PulseAll(_lock);
        await _writerDone.Task;
        LogSummary();
    }

    private void LogSummary()
    {
        long written, fromDisk;
        lock (_lock) (written, fromDisk) = (_linesWritten, _linesFromDisk);
        OutputSummary.Log(_log, _telemetry.Counters, written, fromDisk, _disk ?? _leftover);
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
        _disk?.Dispose();
        _leftover?.Dispose();
    }
}
