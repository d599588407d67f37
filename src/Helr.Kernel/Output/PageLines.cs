using System.Buffers;

namespace Helr.Kernel.Output;

/// <summary>
/// The rendered NDJSON lines of one page: a growable buffer that, unlike ArrayBufferWriter, can be
/// cut back to an earlier length (a line over <c>max_line_bytes</c> is rewritten or removed).
/// One per page, since the output queue may still hold the previous page; the memory is rented
/// from a pool and handed back by <see cref="Recycle"/> once the output is done with it:
/// a fresh megabyte-sized array per page costs more (zeroing, page faults) than writing the lines.
/// Arrays over <see cref="PooledBytes"/> are allocated for the page alone and left to the GC: the
/// pool would round them up to a power of two and keep them after an outlier page.
/// </summary>
internal sealed class PageLines(int initialCapacity, int expectedLines = 0) : IBufferWriter<byte>
{
    /// <summary>The largest array taken from (and given back to) the pool.</summary>
    public const int PooledBytes = 16 * 1024 * 1024;

    // A pool of its own, shared by all sources, rather than ArrayPool.Shared: that one keeps an array per
    // thread that gave one back, so over a continuous run a page-sized array piled up with each thread
    // (12-14 arrays of 2 MiB alive for one source of 14 MB pages). This one keeps at most MaxPerSize of
    // each size, only as many as were out at once; a one-cycle run of 1.4 MB pages has at most 8 out.
    private const int MaxPerSize = 16;
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(PooledBytes, MaxPerSize);

    private byte[] _buffer = Take(Math.Max(256, initialCapacity));

    // Where each line ends (exclusive), as the renderer reports them, so the output queue need not
    // search the page for its newlines (a pass over every byte, twice: count, then split).
    private int[] _ends = expectedLines > 0 ? ArrayPool<int>.Shared.Rent(expectedLines) : Array.Empty<int>();
    private int _lineCount;

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, WrittenCount);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    /// <summary>Forgets everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        WrittenCount = length;
        while (_lineCount > 0 && _ends[_lineCount - 1] > length) _lineCount--;
    }

    /// <summary>The bytes written so far end a line (its newline included).</summary>
    public void EndLine()
    {
        if (_lineCount == _ends.Length) GrowEnds();
        _ends[_lineCount++] = WrittenCount;
    }

    /// <summary>
    /// The end offset of every line, when <see cref="EndLine"/> accounted for all the bytes written;
    /// empty otherwise (the lines are then found by their newlines).
    /// </summary>
    public ReadOnlyMemory<int> LineEnds =>
        _lineCount > 0 && _ends[_lineCount - 1] == WrittenCount ? _ends.AsMemory(0, _lineCount) : ReadOnlyMemory<int>.Empty;

    /// <summary>Returns the memory to the pool; nothing may read <see cref="WrittenMemory"/> afterwards.</summary>
    public void Recycle()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        WrittenCount = 0;
        Give(buffer);
        if (_ends.Length > 0) ArrayPool<int>.Shared.Return(_ends);
        _ends = Array.Empty<int>();
        _lineCount = 0;
    }

    private void GrowEnds()
    {
        var bigger = ArrayPool<int>.Shared.Rent(Math.Max(64, _ends.Length * 2));
        _ends.AsSpan(0, _lineCount).CopyTo(bigger);
        if (_ends.Length > 0) ArrayPool<int>.Shared.Return(_ends);
        _ends = bigger;
    }

    private void Ensure(int sizeHint)
    {
        var need = WrittenCount + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length) return;
        var size = (int)Math.Min(Array.MaxLength, Math.Max(need, (long)_buffer.Length * 2));
        var bigger = Take(size);
        _buffer.AsSpan(0, WrittenCount).CopyTo(bigger);
        var old = _buffer;
        _buffer = bigger;
        Give(old);
    }

    private static byte[] Take(int size) => size <= PooledBytes ? Pool.Rent(size) : LargePage.Allocate(size);

    // Only pooled sizes go back: a rented array is never longer than the pool's largest bucket it came from.
    private static void Give(byte[] buffer)
    {
        if (buffer.Length is > 0 and <= PooledBytes) Pool.Return(buffer);
    }
}
