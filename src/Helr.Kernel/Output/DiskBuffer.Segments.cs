using System.Globalization;

namespace Helr.Kernel.Output;

// The segment files themselves: naming, starting, opening for reading, cutting off a failed append, deleting them.
internal sealed partial class DiskBuffer
{
    private readonly TaskCompletionSource _waitedForRoom = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Tests only: completes when an append first waits for room (the buffer is at <c>max_size_mb</c>).</summary>
    internal Task WaitedForRoom => _waitedForRoom.Task;

    // A single segment that has been read to its end, and whose lines the writer has written and committed,
    // can go: the next append starts a fresh one. Deleted while its last lines were only read, a crash or a
    // failed write (EPIPE) before the commit lost them, though their pages were acknowledged when spilled.
    private bool DropConsumedTail()
    {
        if (_readAhead || _segments.Count != 1 || _readOffset != _segments[0].Length || _segments[0].Length == 0) return false;
        RemoveHead();
        return true;
    }

    /// <summary>Deletes the last segment once everything in it was written (a drained leftover buffer leaves no file behind).</summary>
    public void DeleteIfDrained()
    {
        lock (_gate) DropConsumedTail();
    }

    private void RemoveHead()
    {
        var head = _segments[0];
        if (_headSeq == head.Seq)
        {
            _head?.Dispose();
            _head = null;
            _headSeq = -1;
        }
        if (_segments.Count == 1)
        {
            _tail?.Dispose();
            _tail = null;
        }
        _segments.RemoveAt(0);
        _readOffset = 0;
        File.Delete(head.File);
        Monitor.PulseAll(_gate);
    }

    // Under the gate: an append failed partway (ENOSPC, EFBIG). The stream still holds the bytes it could
    // not write and would write them when flushed or closed, before the next append's lines (gluing a
    // partial line onto them) or at the end of the run (bringing back a page acknowledged as failed at
    // the next start). So the stream goes, whatever it still writes is cut off at the segment's committed
    // length, and a later append starts a new segment.
    private void DropTornTail(FileStream tail)
    {
        try
        {
            tail.Dispose(); // now: left to its finalizer, it would still write the buffer
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // Its buffer is lost, as it should be; the handle is closed all the same.
        }
        if (_tail != tail) return;
        _tail = null;
        var last = _segments[^1];
        try
        {
            using var cut = new FileStream(last.File, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            cut.SetLength(last.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only the last segment is cut back at the next start: no later one may follow this one.
            _torn = ex;
        }
    }

    private void StartSegment()
    {
        _tail?.Dispose();
        var seq = _segments.Count == 0 ? _nextSeq : _segments[^1].Seq + 1;
        _nextSeq = seq + 1;
        var file = SegmentFile(seq);
        _tail = _openSegment(file);
        _entries.Changed();
        _segments.Add(new Segment(seq, file, 0));
    }

    private static FileStream OpenSegment(string file) =>
        new(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    private FileStream HeadStream(Segment head)
    {
        if (_headSeq == head.Seq && _head is not null) return _head;
        _head?.Dispose();
        _head = new FileStream(head.File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        _headSeq = head.Seq;
        return _head;
    }

    private static int RemoveEmptyLines(Span<byte> data)
    {
        var write = 0;
        var lineStart = true;
        foreach (var b in data)
        {
            if (b == (byte)'\n' && lineStart) continue;
            data[write++] = b;
            lineStart = b == (byte)'\n';
        }
        return write;
    }

    private long TotalUnlocked() => _segments.Sum(s => s.Length);

    private string SegmentFile(long seq) => $"{_path}.{seq.ToString("D10", CultureInfo.InvariantCulture)}";

    private sealed record Segment(long Seq, string File, long Length);
}
