using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

/// <summary>
/// A reusable body buffer for one source. A page is processed completely (events copied into
/// output lines) before the next is fetched, so one buffer per source is enough and memory stays at
/// about the largest page.
/// </summary>
internal sealed class PageBuffer
{
    private byte[] _buffer = new byte[64 * 1024];

    // Scanning in steps of at least this many new bytes keeps per-read overhead small.
    private const int ScanStep = 32 * 1024;

    /// <summary>
    /// Reads the whole body. When <paramref name="scanner"/> is given it is advanced as bytes arrive,
    /// so parsing overlaps the network.
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
                Array.Resize(ref _buffer, (int)Math.Min(Math.Min((long)_buffer.Length * 2, limit + 1), Array.MaxLength));
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(length), ct);
            if (read == 0) break;
            length += read;
            if (length > limit) throw new ResponseTooLargeException(limit);
            if (scanner is not null && length - scanned >= ScanStep)
            {
                scanner.Advance(_buffer.AsSpan(0, length));
                scanned = length;
            }
        }
        // Shrink back after an unusually large page so one outlier does not pin memory.
        var result = _buffer.AsMemory(0, length);
        if (_buffer.Length > 64L * 1024 * 1024 && length < _buffer.Length / 4)
        {
            var copy = result.ToArray();
            _buffer = new byte[64 * 1024];
            return copy;
        }
        return result;
    }
}

internal sealed class ResponseTooLargeException(long limit)
    : Exception($"response body exceeds max_response_bytes ({limit} bytes); reading stopped");
