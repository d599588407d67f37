using System.Buffers;

namespace Helr.Kernel.Polling;

/// <summary>
/// The rendered NDJSON lines of one page: a growable buffer that, unlike ArrayBufferWriter, can be
/// cut back to an earlier length (a line over <c>max_line_bytes</c> is rewritten or removed).
/// A fresh one per page: the output queue may still hold the previous page.
/// </summary>
internal sealed class PageLines(int initialCapacity) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[Math.Max(256, initialCapacity)];

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
    public void Truncate(int length) => WrittenCount = length;

    private void Ensure(int sizeHint)
    {
        var need = WrittenCount + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length) return;
        var size = (int)Math.Min(Array.MaxLength, Math.Max(need, (long)_buffer.Length * 2));
        Array.Resize(ref _buffer, size);
    }
}
