using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// stdout on Linux, written with <c>write(2)</c> on descriptor 1. When stdout is a regular file
/// (<c>helr run &gt; f 2&gt;&amp;1</c>, systemd <c>StandardOutput=file:</c>) it is switched to append mode,
/// so lines written by stderr into the same file land after the events instead of over them, and
/// <see cref="Sync"/> makes written lines durable. A pipe is the consumer's to make durable. Such a file
/// that ends in a partial line at start (a power loss, a full disk) gets a newline first, so the first
/// event is not glued to that fragment; unlike <c>--output</c>'s own file it is not cut: others may write
/// to it too (stderr with <c>2&gt;&amp;1</c>, a wrapper script).
/// </summary>
internal sealed class StdoutSink : ILineSink
{
    private const int Fd = 1;
    private readonly bool _file;

    public StdoutSink(ILogger? log = null)
    {
        _file = LinuxFile.IsSeekable(Fd);
        if (_file) LinuxFile.SetAppend(Fd);
        if (_file && EndsMidLine())
        {
            LinuxFile.Write(Fd, "\n"u8);
            log?.Warning("stdout (a file) ended in a partial line (an earlier run stopped mid-write); a newline was added before the first event so it is not glued to it");
        }
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

    // Descriptor 1 may be open for writing only (> file): the file is read through a descriptor of its own.
    private static bool EndsMidLine()
    {
        try
        {
            using var read = File.OpenHandle("/proc/self/fd/1", FileMode.Open, FileAccess.Read);
            var length = RandomAccess.GetLength(read);
            Span<byte> last = stackalloc byte[1];
            return length > 0 && RandomAccess.Read(read, last, length - 1) == 1 && last[0] != (byte)'\n';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // cannot be read back: nothing to check
        }
    }
}
