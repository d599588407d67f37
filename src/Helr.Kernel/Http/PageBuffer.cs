using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

/// <summary>
/// A reusable body buffer for one source. A page is processed completely (events copied into
/// output lines) before the next is fetched, so one buffer per source is enough and memory stays at
/// about the largest page.
/// </summary>
/// <remarks>
/// A UTF-8 byte order mark before the body (IIS- and .NET-hosted APIs send one) is dropped here, where
/// the body comes off the stream, as System.Text.Json's stream readers drop it: it is no part of the
/// JSON text, and the span readers every page goes through next (the event scanner, DottedPath for
/// cursors and events paths, Utf8JsonReader or JsonDocument in plugins) reject it.
/// </remarks>
internal sealed class PageBuffer
{
    // Allocated at the first read, and small: a cycle's prefetch holds two buffers and a one-page
    // cycle uses one, and a source with small pages (most of a many-source config) never needs more.
    private const int InitialSize = 16 * 1024;
    private byte[] _buffer = [];

    // Scanning in steps of at least this many new bytes keeps per-read overhead small. It also means
    // the first three bytes are in before the first scan, so the body starts at the same offset in
    // every span the scanner is given.
    private const int ScanStep = 32 * 1024;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads the whole body, less a leading byte order mark. When <paramref name="scanner"/> is given it
    /// is advanced as bytes arrive, so parsing overlaps the network.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream stream, long limit, CancellationToken ct, IEventScanner? scanner = null)
    {
        var length = 0;
        var scanned = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                // Capacity limit+1 lets one extra byte prove the body is over the limit.
                if (_buffer.Length > limit) throw new ResponseTooLargeException(limit);
                Array.Resize(ref _buffer, (int)Math.Min(Math.Min(Math.Max((long)_buffer.Length * 2, InitialSize), limit + 1), Array.MaxLength));
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(length), ct);
            if (read == 0) break;
            length += read;
            if (length > limit) throw new ResponseTooLargeException(limit);
            if (scanner is not null && length - scanned >= ScanStep)
            {
                var start = BodyStart(length);
                scanner.Advance(_buffer.AsSpan(start, length - start));
                scanned = length;
            }
        }
        // Shrink back after an unusually large page so one outlier does not pin memory.
        var bodyStart = BodyStart(length);
        var result = _buffer.AsMemory(bodyStart, length - bodyStart);
        if (_buffer.Length > 64L * 1024 * 1024 && length < _buffer.Length / 4)
        {
            var copy = result.ToArray();
            _buffer = [];
            return copy;
        }
        return result;
    }

    private int BodyStart(int length) => _buffer.AsSpan(0, length).StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
}
