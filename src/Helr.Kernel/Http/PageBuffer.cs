using System.Buffers;
using Helr.Kernel.Output;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Http;

/// <summary>
/// A reusable body buffer of one source. A page is processed completely (events copied into output
/// lines) before its buffer is used again, so a source needs two of them (one being read while the
/// other is rendered) and memory stays at about twice a usual page.
/// </summary>
/// <remarks>
/// <para>A body over <see cref="RetainedBytes"/> with a <c>Content-Length</c> ends in a buffer of exactly that size, reached once an
/// eighth of it has arrived, so a large page costs little more than its own size, not a doubled buffer plus the copy made
/// while doubling, and a header alone reserves nothing. A buffer grown past
/// <see cref="RetainedBytes"/> is let go by <see cref="Release"/> once its page is done: an outlier
/// does not pin memory until the process ends.</para>
/// <para>A UTF-8 byte order mark before the body (IIS- and .NET-hosted APIs send one) is dropped here, where
/// the body comes off the stream, as System.Text.Json's stream readers drop it: it is no part of the
/// JSON text, and the span readers every page goes through next (the event scanner, DottedPath for
/// cursors and events paths, Utf8JsonReader or JsonDocument in plugins) reject it.</para>
/// </remarks>
internal sealed partial class PageBuffer(ArrayPool<byte>? pool = null)
{
    /// <summary>Buffers up to this size are kept for the next page; larger ones are let go after their page.</summary>
    public const int RetainedBytes = 16 * 1024 * 1024;

    // Allocated at the first read, and small: a cycle's prefetch holds two buffers and a one-page
    // cycle uses one, and a source with small pages (most of a many-source config) never needs more.
    private const int InitialBytes = 16 * 1024;

    // Small buffers are shared by the sources in turn: a source holds its buffers for one cycle only
    // (Recycle), so with many small sources the same few arrays serve them all instead of each cycle
    // allocating its own (1,000 single-page sources: 16 of the run's 54 MB of allocations). The pool
    // keeps at most PooledPerSize arrays of each size, so what it holds while idle is bounded.
    private const int PooledBytes = 64 * 1024;
    private const int PooledPerSize = 32;
    private static readonly ArrayPool<byte> Shared = ArrayPool<byte>.Create(PooledBytes, PooledPerSize);
    private readonly ArrayPool<byte> _pool = pool ?? Shared;

    private byte[] _buffer = [];

    /// <summary>
    /// Set by the plugin test kit (SourceHarness): a body is overwritten with <see cref="GivenBack"/> when
    /// its buffer is given back or read into again. A plugin that keeps <c>PageResponse.Body</c> past the
    /// call that received it then reads that text in its own tests, instead of, in production, another
    /// page (its own next one, or another source's once the buffer is shared).
    /// </summary>
    internal static bool OverwriteGivenBack { get; set; }

    internal static ReadOnlySpan<byte> GivenBack => "helr: this body was given back; PageResponse.Body is valid only during the call that received it. "u8;

    // Scanning in steps of at least this many new bytes keeps per-read overhead small. It also means
    // the first three bytes are in before the first scan, so the body starts at the same offset in
    // every span the scanner is given.
    private const int ScanStep = 32 * 1024;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads the whole body, less a leading byte order mark. When <paramref name="scanner"/> is given it
    /// is advanced as bytes arrive, so parsing overlaps the network. <paramref name="expectedLength"/>
    /// (the response's <c>Content-Length</c>) sizes the buffer; the body may still turn out longer or shorter.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream stream, long limit, CancellationToken ct, IEventScanner? scanner = null, long? expectedLength = null)
    {
        // A page too large to keep a buffer for ends in one of its own size, plus one byte: the read that
        // returns 0 needs room (GrowthTarget). Smaller pages grow the reused buffer by doubling: sizing it
        // from Content-Length too made the 200 x 1,000 bench run about 7% slower (bench/RESULTS.md).
        Overwrite(_buffer);
        var expected = expectedLength is > RetainedBytes and var e && e <= limit && e < Array.MaxLength ? e : (long?)null;
        var length = 0;
        var scanned = 0;
        while (true)
        {
            if (length == _buffer.Length) Grow(length, limit, dropped: 0, expected);
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
        var bodyStart = BodyStart(length);
        return _buffer.AsMemory(bodyStart, length - bodyStart);
    }

    // Doubles the full buffer, keeping its first length bytes. dropped: bytes of the body already handed
    // on (a streamed body), which count against the limit. Capacity for one byte over the limit lets a
    // read prove the body is too large.
    private void Grow(int length, long limit, long dropped, long? expected = null)
    {
        if (dropped + _buffer.Length > limit) throw new ResponseTooLargeException(limit);
        // Capped before the + 1: max_response_bytes may be as large as long.MaxValue, where it overflowed to a
        // buffer of no bytes and every page read as empty.
        var size = (int)Math.Min(Math.Min(GrowthTarget(_buffer.Length, expected), Math.Min(limit - dropped, Array.MaxLength) + 1), Array.MaxLength);
        var bigger = size switch
        {
            <= PooledBytes => _pool.Rent(size),
            > RetainedBytes => LargePage.Allocate(size),
            _ => GC.AllocateUninitializedArray<byte>(size),
        };
        _buffer.AsSpan(0, length).CopyTo(bigger);
        Recycle();
        _buffer = bigger;
    }

    // Doubling; towards a large announced length (Content-Length), the exact length plus one once an
    // eighth of it has arrived: a large body is not copied into ever larger buffers, and a header alone
    // (a lying or broken server that then sends little or stalls) reserves no more than 8 times what came.
    // Reserved up front, every source of such a server held max_response_bytes until its read timeout,
    // which under a container's heap limit ends the process with an OutOfMemoryException.
    private static long GrowthTarget(int full, long? expected)
    {
        var doubled = Math.Max((long)full * 2, InitialBytes);
        return expected is { } e && e >= full && (doubled >= e || (long)full * 8 >= e) ? e + 1 : doubled;
    }

    /// <summary>
    /// No body of this buffer is read any more (its pages are rendered and nothing is reading into it):
    /// a small one goes back to be shared. The caller must be sure of both, or another source's page
    /// would overwrite a body still in use.
    /// </summary>
    public void Recycle()
    {
        // Every array of a pooled size came from the pool: Grow rents all of them.
        if (_buffer.Length is > 0 and <= PooledBytes)
        {
            Overwrite(_buffer);
            _pool.Return(_buffer);
        }
        _buffer = [];
    }

    private static void Overwrite(byte[] buffer)
    {
        if (!OverwriteGivenBack) return;
        for (var at = 0; at < buffer.Length; at += GivenBack.Length)
            GivenBack[..Math.Min(GivenBack.Length, buffer.Length - at)].CopyTo(buffer.AsSpan(at));
    }

    /// <summary>The page read last is done with: a buffer larger than <see cref="RetainedBytes"/> is let go.</summary>
    public void Release()
    {
        if (_buffer.Length > RetainedBytes) _buffer = [];
    }

    private int BodyStart(int length) => _buffer.AsSpan(0, length).StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
}
