namespace Helr.Kernel.Output;

/// <summary>
/// The one thread that writes: leftovers of an earlier run first, then batches from memory (or,
/// under disk_buffer, from the disk), each as one write of whole lines, flushed and synced once
/// (<c>global.output.sync</c>) before any of its pages is acknowledged. The first write error
/// stops it and fails the output; a write that does not return is reported (<see cref="WriteWatch"/>).
/// </summary>
internal sealed class WriterLoop(ILineSink sink, bool sync, MemoryQueue queue, DiskSpill? spill, LeftoverDrain? leftover, Action<Exception> fail, WriteWatch watch)
{
    private const int EFbig = 27; // Linux, x86-64 and arm64

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _diskBuffer = Array.Empty<byte>();
    private long _linesWritten;
    private long _linesFromDisk;

    /// <summary>Completes when the thread has stopped (drained, stopped, or failed).</summary>
    public Task Done => _done.Task;

    public long LinesWritten => Interlocked.Read(ref _linesWritten);

    public long LinesFromDisk => Interlocked.Read(ref _linesFromDisk);

    public void Start() => new Thread(Run) { IsBackground = true, Name = "helr-output" }.Start();

    private void Run()
    {
        try
        {
            watch.Start();
            leftover?.Drain(this);
            while (true)
            {
                switch (queue.Take())
                {
                    case NextWrite.Memory:
                        WriteMemory(queue.Batch);
                        break;
                    case NextWrite.Disk:
                        WriteFromDisk(spill!.Disk, ref spill.SkipBytes);
                        break;
                    default:
                        return;
                }
            }
        }
        catch (IOException ex) when (ex.HResult == EFbig)
        {
            // How write(2) on Linux reports it (LinuxFile puts the errno in HResult); strerror's own wording is "File too large".
            fail(new IOException("file too large (the file system's or the process's file size limit)", ex));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or UnauthorizedAccessException or NotSupportedException)
        {
            fail(ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // How .NET reports EFBIG from a file write (the file system's or the process's file size limit).
            fail(new IOException($"file too large: {ex.Message}", ex));
        }
        finally
        {
            watch.Dispose();
            _done.TrySetResult();
        }
    }

    private void WriteMemory(WriteBatch batch)
    {
        // One vectored write: the runs of the pages' lines, straight from their buffers.
        var chunks = batch.TakeUnwritten();
        watch.Begin();
        if (chunks.Count > 0) sink.Write(chunks);
        // Pages written in full give their memory back now (the sync may take milliseconds, and the batch
        // grow to SyncBytes); while more lines wait, they are written before syncing: one sync then covers them all.
        if (sync && queue.Wrote() && !batch.Full)
        {
            watch.End();
            return;
        }
        sink.Flush();
        // Synced before any page of the batch may be checkpointed.
        if (sync) sink.Sync();
        watch.End();
        Interlocked.Add(ref _linesWritten, batch.Count);
        queue.Written();
    }

    /// <summary>
    /// Writes the next lines at the disk buffer's read position (after skipping <paramref name="skip"/>
    /// bytes) and returns how many lines that was. The read position moves (and a read segment may be
    /// deleted) only once the lines are written and synced.
    /// </summary>
    public int WriteFromDisk(DiskBuffer disk, ref long skip)
    {
        if (_diskBuffer.Length == 0) _diskBuffer = new byte[OutputLimits.BatchBytes];
        var n = disk.Read(ref _diskBuffer, ref skip);
        if (n == 0) return 0;
        var lines = _diskBuffer.AsSpan(0, n);
        watch.Begin();
        sink.Write(lines);
        sink.Flush();
        if (sync) sink.Sync();
        watch.End();
        disk.Commit();
        var count = lines.Count((byte)'\n');
        Interlocked.Add(ref _linesWritten, count);
        Interlocked.Add(ref _linesFromDisk, count);
        return count;
    }
}
