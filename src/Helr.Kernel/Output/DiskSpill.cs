using System.Threading.Channels;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// disk_buffer: when a page does not fit in memory, it and everything still queued go to the disk
/// buffer, and so does every later page until the writer has drained the disk. Lines therefore
/// leave in the order they came (per source and overall). The lines being written at that moment
/// are copied too and acknowledged by the copy; once their write completes, the writer skips them
/// on disk. Appends are done in admission order by one spiller thread, which fsyncs before
/// acknowledging. State changes happen under the output lock.
/// </summary>
internal sealed class DiskSpill(DiskBuffer disk, OutputState state, BudgetQueue queue, ILogger log, Action<Exception> fail)
{
    private readonly Channel<SpillRequest> _spills = Channel.CreateUnbounded<SpillRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _spillerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Cancelled when the output fails: an append waiting for room in a full buffer would wait for ever, the writer that makes room being gone.
    private readonly CancellationTokenSource _outputFailed = new();
    private Thread? _spiller;

    /// <summary>Writer thread only: bytes at the disk's read position already written from memory (the copy of a mirrored batch).</summary>
    public long SkipBytes;

    public DiskBuffer Disk => disk;

    /// <summary>Pages go to disk, not memory, until the writer has drained it.</summary>
    public bool Spilling { get; private set; }

    /// <summary>Spill requests queued and not yet appended.</summary>
    public int Pending { get; private set; }

    public void Start()
    {
        var left = disk.UnreadBytes;
        if (left > 0)
        {
            // Lines spilled by an earlier run were acknowledged then; they go out before anything new.
            Spilling = true;
            state.Load.StartActive();
            log.Warning("disk buffer {Path} holds {Bytes} bytes from an earlier run; writing them before new events", disk.Path, left);
        }
        _spiller = new Thread(SpillerLoop) { IsBackground = true, Name = "helr-spill" };
        _spiller.Start();
    }

    public async Task AdmitAsync(PageTicket ticket)
    {
        var lineCount = ticket.CountLines();
        SpillRequest request;
        lock (state.Lock)
        {
            state.ThrowIfFailed();
            queue.PurgeAged();
            if (!Spilling && (queue.IsIdle || queue.Fits(lineCount, ticket.Lines.Length)))
            {
                queue.EnqueueAll(ticket);
                return;
            }
            var backlog = new List<QueuedLine>();
            if (!Spilling)
            {
                Spilling = true;
                queue.EnterLoad("spilling to the disk buffer");
                if (queue.Batch.Count > 0 && !queue.Batch.Mirrored)
                {
                    backlog.AddRange(queue.Batch.Lines);
                    queue.Batch.Mirrored = true;
                }
                queue.MoveAllTo(backlog);
            }
            Pending++;
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

    /// <summary>
    /// Writer thread, under the lock, with memory empty: once the disk is drained too, memory takes
    /// pages again. Returns <see cref="NextWrite.Disk"/> while the disk holds lines to write,
    /// <see cref="NextWrite.Done"/> when completing and nothing is left to write; null to wait.
    /// </summary>
    public NextWrite? WhenMemoryEmpty()
    {
        if (Spilling && Pending == 0 && disk.UnreadBytes == 0)
        {
            Spilling = false;
            disk.DeleteIfDrained(); // written and recorded: a segment of up to segment_size_mb stayed on disk until the next spill, or for good
            log.Debug("disk buffer drained; pages go through memory again");
            queue.CheckLoadCleared();
        }
        // A stop leaves the disk for the next start, but not while a spill is queued: one waiting for room in a
        // full buffer gets it only from this drain, and its producer waits for it (a stop without it never ended).
        if (disk.UnreadBytes > 0 && (!state.Completing || state.DrainDisk || Pending > 0)) return NextWrite.Disk;
        if (!state.Completing || Pending > 0) return null;
        // The copy of lines written just before spilling began must not be written again at the next start.
        if (SkipBytes > 0) disk.Skip(ref SkipBytes);
        disk.DeleteIfDrained();
        return NextWrite.Done;
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
                // Once the output has failed (the writer's EPIPE), its Fail may have returned before
                // FailPending drained these: their pages are failed already, and on disk they would only
                // come back at the next start, besides the copy their sources fetch again.
                Exception? error;
                lock (state.Lock) error = state.Failure;
                var appendFailed = false;
                if (error is null)
                {
                    try
                    {
                        disk.Append(groups, _outputFailed.Token);
                    }
                    catch (OperationCanceledException) when (_outputFailed.IsCancellationRequested)
                    {
                        // Nothing was appended: the pages fail with the output, and their sources fetch them again.
                        lock (state.Lock) error = state.Failure;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
                    {
                        (error, appendFailed) = (ex, true);
                    }
                    catch (ArgumentOutOfRangeException ex)
                    {
                        // How .NET reports EFBIG (a file size limit); uncaught, it ended the process.
                        (error, appendFailed) = (new IOException($"file too large: {ex.Message}", ex), true);
                    }
                }
                lock (state.Lock)
                {
                    foreach (var request in batch)
                    {
                        Pending--;
                        if (error is null)
                        {
                            foreach (var line in request.Backlog) state.Dispose(line, null);
                            request.Done.TrySetResult();
                        }
                        else request.Done.TrySetException(new OutputFailedException(error));
                    }
                    Monitor.PulseAll(state.Lock);
                }
                if (appendFailed) fail(error!);
            }
        }
        finally
        {
            _spillerDone.TrySetResult();
        }
    }

    /// <summary>Output failed: pages still waiting for the disk fail with it.</summary>
    public void FailPending(Exception error)
    {
        _outputFailed.Cancel();
        while (_spills.Reader.TryRead(out var request))
        {
            lock (state.Lock) Pending--;
            request.Done.TrySetException(new OutputFailedException(error));
        }
    }

    public async Task StopAsync()
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
