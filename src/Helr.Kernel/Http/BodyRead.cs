namespace Helr.Kernel.Http;

/// <summary>
/// A body as <see cref="PageBuffer.ReadStreamingAsync"/> read it: whole, or streamed (its events went to
/// the sink and <see cref="Body"/> holds the rest, the skeleton).
/// </summary>
/// <param name="Body">The whole body, or the skeleton of a streamed one (valid until the buffer is read into again).</param>
/// <param name="Length">The whole body's length.</param>
/// <param name="Streamed">Whether events went to the sink.</param>
/// <param name="ParseError">Why a streamed body could not be read (the rest of it was not read); else null.</param>
internal readonly record struct BodyRead(ReadOnlyMemory<byte> Body, long Length, bool Streamed, string? ParseError);
