namespace Helr.Kernel.Output;

/// <summary>
/// stdout on Linux, written with <c>write(2)</c> on descriptor 1. When stdout is a regular file
/// (<c>helr run &gt; f 2&gt;&amp;1</c>, systemd <c>StandardOutput=file:</c>) it is switched to append mode,
/// so lines written by stderr into the same file land after the events instead of over them, and
/// <see cref="Sync"/> makes written lines durable. A pipe is the consumer's to make durable.
/// </summary>
internal sealed class StdoutSink : ILineSink
{
    private const int Fd = 1;
    private readonly bool _file;

    public StdoutSink()
    {
        _file = LinuxFile.IsSeekable(Fd);
        if (_file) LinuxFile.SetAppend(Fd);
        Description = _file ? "stdout (a file: appended to)" : "stdout";
    }

    public string Description { get; }

    public void Write(ReadOnlySpan<byte> lines) => LinuxFile.Write(Fd, lines);

    /// <summary>One <c>writev</c> for the whole batch.</summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> chunks) => LinuxFile.WriteV(Fd, chunks);

    public void Flush()
    {
    }

    public void Sync()
    {
        if (_file) LinuxFile.DataSync(Fd);
    }

    public void Dispose()
    {
    }
}
