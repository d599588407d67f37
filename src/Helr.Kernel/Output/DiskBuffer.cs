using System.Globalization;
using Helr.Kernel.Config;

namespace Helr.Kernel.Output;

/// <summary>
/// The spill area of <c>backpressure.strategy: disk_buffer</c>: append-only segment files
/// <c>&lt;path&gt;.0000000001</c>, <c>.0000000002</c>, … read in order, and <c>&lt;path&gt;.pos</c> holding
/// how far the writer got. Each append is one group of whole lines followed by an empty line (the
/// commit mark) and is fsynced before it is acknowledged, so a crash mid-append leaves a torn tail
/// that <see cref="Open"/> cuts back to the last mark. One thread appends, one thread reads.
/// </summary>
internal sealed partial class DiskBuffer : IDisposable
{
    private readonly string _path;
    private readonly long _segmentBytes;
    private readonly object _gate = new();
    private readonly List<Segment> _segments = new();
    private long _readOffset;
    // Lines were read past the persisted position and not yet committed: the writer holds them only in
    // memory until its write (and sync) and Commit, so the segment they came from must stay.
    private bool _readAhead;
    private FileStream? _tail;
    private FileStream? _head;
    private FileStream? _owner;
    // Set when a failed append could not be cut off: the segment holds bytes past its last commit mark.
    private Exception? _torn;
    private long _headSeq = -1;
    private bool _disposed;
    private readonly Func<string, FileStream> _openSegment;
    private DirectoryEntries _entries = null!; // made by Open, with the buffer's folder

    private DiskBuffer(string path, DiskBufferConfig config, Func<string, FileStream>? openSegment)
    {
        _path = path;
        _openSegment = openSegment ?? OpenSegment;
        _segmentBytes = config.SegmentSizeMb * 1024 * 1024;
        MaxBytes = config.MaxSizeMb * 1024 * 1024;
    }

    public long MaxBytes { get; }

    public string Path => _path;

    /// <summary>Bytes on disk in segment files (what <c>max_size_mb</c> limits).</summary>
    public long TotalBytes { get { lock (_gate) return _segments.Sum(s => s.Length); } }

    /// <summary>Bytes appended and not yet handed to the writer.</summary>
    public long UnreadBytes { get { lock (_gate) return _segments.Sum(s => s.Length) - _readOffset; } }

    /// <summary>
    /// Appends the groups (each a list of whole-line chunks), fsyncs, and returns. Waits while the
    /// buffer is at <c>max_size_mb</c>, unless it is empty (a group larger than the limit still fits
    /// into an empty buffer, or nothing could ever move).
    /// </summary>
    public void Append(IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> groups, CancellationToken ct)
    {
        long bytes = groups.Sum(g => g.Sum(c => (long)c.Length) + 1);
        FileStream tail;
        lock (_gate)
        {
            while (TotalUnlocked() > 0 && TotalUnlocked() + bytes > MaxBytes)
            {
                if (DropConsumedTail()) continue;
                _waitedForRoom.TrySetResult();
                Monitor.Wait(_gate, 500);
                ct.ThrowIfCancellationRequested();
            }
            if (_torn is not null) throw new IOException($"the disk buffer could not be cut back after a failed append: {_torn.Message}", _torn);
            DropConsumedTail();
            if (_tail is null || _segments[^1].Length >= _segmentBytes) StartSegment();
            tail = _tail!;
        }
        try
        {
            foreach (var group in groups)
            {
                foreach (var chunk in group) tail.Write(chunk.Span);
                tail.WriteByte((byte)'\n');
            }
            tail.Flush(flushToDisk: true);
            _entries.SyncIfChanged(); // a new segment's name (and the folders made for it), before its lines are acknowledged
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            lock (_gate) DropTornTail(tail);
            throw;
        }
        lock (_gate)
        {
            _segments[^1] = _segments[^1] with { Length = _segments[^1].Length + bytes };
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Reads whole lines from the read position into <paramref name="buffer"/> (grown when one line
    /// is larger), first skipping <paramref name="skip"/> bytes. Returns the bytes placed, with the
    /// commit marks removed; 0 when nothing is unread, or when the next lines are in a later segment
    /// and those read last are not committed yet.
    /// </summary>
    public int Read(ref byte[] buffer, ref long skip)
    {
        while (true)
        {
            Segment head;
            long available, offset;
            lock (_gate)
            {
                if (_segments.Count == 0) return 0;
                head = _segments[0];
                available = head.Length - _readOffset;
                if (available == 0)
                {
                    // Lines read from this segment and not yet committed keep it (the writer commits between reads).
                    if (_segments.Count == 1 || _readAhead) return 0;
                    RemoveHead();
                    continue;
                }
                if (skip > 0)
                {
                    var skipped = Math.Min(skip, available);
                    _readOffset += skipped;
                    skip -= skipped;
                    continue;
                }
                offset = _readOffset;
            }
            var stream = HeadStream(head);
            var want = (int)Math.Min(available, buffer.Length);
            stream.Position = offset;
            stream.ReadExactly(buffer, 0, want);
            var cut = buffer.AsSpan(0, want).LastIndexOf((byte)'\n');
            if (cut < 0)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                continue;
            }
            var placed = RemoveEmptyLines(buffer.AsSpan(0, cut + 1));
            lock (_gate)
            {
                _readOffset += cut + 1;
                // Only commit marks: nothing is held that a lost segment would take, and no Commit follows.
                _readAhead |= placed > 0;
            }
            return placed;
        }
    }

    /// <summary>Advances the read position over up to <paramref name="skip"/> unread bytes and persists it.</summary>
    public void Skip(ref long skip)
    {
        lock (_gate)
        {
            while (skip > 0 && _segments.Count > 0)
            {
                var available = _segments[0].Length - _readOffset;
                if (available == 0)
                {
                    if (_segments.Count == 1) break;
                    RemoveHead();
                    continue;
                }
                var n = Math.Min(skip, available);
                _readOffset += n;
                skip -= n;
            }
        }
        Commit();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _tail?.Dispose();
            _head?.Dispose();
            _owner?.Dispose();
            Monitor.PulseAll(_gate);
        }
    }
}
