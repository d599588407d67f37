namespace Helr.Kernel.Output;

/// <summary>
/// Where NDJSON lines end up. Called only from the output writer's thread. <see cref="Write"/> always
/// receives whole lines (each ending in <c>\n</c>); <see cref="Flush"/> returns once they reached the OS.
/// </summary>
internal interface ILineSink : IDisposable
{
    string Description { get; }

    void Write(ReadOnlySpan<byte> lines);

    /// <summary>Writes the chunks in order, each whole lines; a sink that can writes them with one vectored system call.</summary>
    void Write(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        foreach (var chunk in chunks) Write(chunk.Span);
    }

    void Flush();

    /// <summary>Returns once the written lines are on disk (fdatasync); nothing for pipes and terminals.</summary>
    void Sync();
}
