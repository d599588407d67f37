namespace Helr.Kernel.Output;

/// <summary>stdout (or any stream). Writes go straight to the descriptor; EPIPE surfaces as an IOException.</summary>
internal sealed class StreamSink(Stream stream, string description) : ILineSink
{
    public string Description { get; } = description;

    public void Write(ReadOnlySpan<byte> lines) => stream.Write(lines);

    public void Flush() => stream.Flush();

    public void Sync()
    {
        if (stream is FileStream { CanSeek: true } file) file.Flush(flushToDisk: true);
    }

    public void Dispose() => stream.Dispose();
}
