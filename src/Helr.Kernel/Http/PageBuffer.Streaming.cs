using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

// A body read for a source that can take its events in windows: once it grows past the threshold,
// each run of events the scanner is sure of goes to the sink and the bytes up to its end are
// dropped, so the buffer holds the unfinished tail plus the bytes before the first event (the
// skeleton's prefix), not the body.
internal sealed partial class PageBuffer
{
    /// <summary>
    /// Reads a body like <see cref="ReadAllAsync"/>, streaming its events to <paramref name="sink"/> once
    /// it is over <paramref name="threshold"/> bytes (or says so in <paramref name="expectedLength"/>).
    /// A body none of whose events went out is returned whole. UTF-8 is checked before events go out
    /// (strictly: a repairing <c>on_invalid_utf8</c> reads pages whole).
    /// </summary>
    public async Task<BodyRead> ReadStreamingAsync(Stream stream, long limit, IEventScanner scanner, IBodyWindowSink sink, int threshold,
        long? expectedLength, CancellationToken ct)
    {
        Overwrite(_buffer);
        var length = 0;
        long dropped = 0;
        var scanned = 0;
        var checkedUtf8 = 0;
        var skeletonFrom = 0;
        var windowFrom = 0;
        var bomChecked = false;
        // Each window has fixed costs (the cycle's step, a render call, the spool's check): they go out
        // in sink.WindowBytes, and the read buffer holds one window and its tail.
        var windowBytes = sink.WindowBytes;
        var streaming = expectedLength > threshold;
        byte[]? prefix = null;
        var events = new List<Range>();
        try
        {
            while (true)
            {
                if (length == _buffer.Length) Grow(length, limit, dropped);
                var read = await stream.ReadAsync(_buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
                if (dropped + length > limit) throw new ResponseTooLargeException(limit);
                if (!bomChecked && length >= ByteOrderMark.Length)
                {
                    length = DropByteOrderMark(length);
                    bomChecked = true;
                }
                // A buffer of a window's size that filled up goes out as it is rather than grow.
                var full = length == _buffer.Length && length >= windowBytes;
                if (!bomChecked || (length - scanned < ScanStep && !full)) continue;
                scanner.Advance(_buffer.AsSpan(0, length));
                scanned = length;
                streaming |= dropped + length > threshold;
                if (!streaming || (length - windowFrom < windowBytes && !full)) continue;
                events.Clear();
                scanner.TakeFinal(events);
                if (events.Count == 0) continue;
                prefix ??= _buffer.AsSpan(0, events[0].Start.Value).ToArray();
                checkedUtf8 = CheckUtf8(checkedUtf8, length);
                await sink.TakeAsync(_buffer.AsMemory(0, length), events, ct);
                var end = events[^1].End.Value;
                var drop = Math.Min(end, scanner.NeededFrom);
                _buffer.AsSpan(drop, length - drop).CopyTo(_buffer);
                length -= drop;
                scanned -= drop;
                checkedUtf8 -= drop;
                dropped += drop;
                skeletonFrom = end - drop;
                windowFrom = length;
                scanner.Rebase(drop);
            }
            if (!bomChecked) length = DropByteOrderMark(length);
            // None went out: the page is read whole after all, and read as every other page.
            if (prefix is null) return new BodyRead(_buffer.AsMemory(0, length), length, Streamed: false, ParseError: null);
            if (CheckUtf8(checkedUtf8, length) != length) throw new EventFormatException("response body is not valid UTF-8");
            events.Clear();
            scanner.Complete(_buffer.AsSpan(0, length), events);
            if (events.Count > 0)
            {
                await sink.TakeAsync(_buffer.AsMemory(0, length), events, ct);
                skeletonFrom = events[^1].End.Value;
            }
            return new BodyRead(Skeleton(prefix, skeletonFrom, length), dropped + length, Streamed: true, ParseError: null);
        }
        catch (EventFormatException ex) when (streaming)
        {
            // The rest of a malformed streamed body is not read: none of its events will be written.
            return new BodyRead(prefix ?? [], dropped + length, Streamed: true, ex.Message);
        }
    }

    // The body with its events left out: the bytes before the first and after the last.
    private byte[] Skeleton(byte[] prefix, int from, int length)
    {
        var skeleton = new byte[prefix.Length + length - from];
        prefix.CopyTo(skeleton, 0);
        _buffer.AsSpan(from, length - from).CopyTo(skeleton.AsSpan(prefix.Length));
        return skeleton;
    }

    private int CheckUtf8(int from, int length)
    {
        var valid = Utf8Prefix.ValidLength(_buffer.AsSpan(from, length - from));
        if (valid < 0) throw new EventFormatException("response body is not valid UTF-8");
        return from + valid;
    }

    private int DropByteOrderMark(int length)
    {
        if (!_buffer.AsSpan(0, length).StartsWith(ByteOrderMark)) return length;
        _buffer.AsSpan(ByteOrderMark.Length, length - ByteOrderMark.Length).CopyTo(_buffer);
        return length - ByteOrderMark.Length;
    }
}
