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
/// <remarks>The same for stderr (<c>--output /dev/stderr</c>), with descriptor 2.</remarks>
internal sealed class StdoutSink : ILineSink
{
    private readonly int _fd;
    private readonly bool _file;

    public StdoutSink(ILogger? log = null, int fd = 1)
    {
        _fd = fd;
        var name = fd == 1 ? "stdout" : "stderr";
        // /dev/null seeks too: appending to it and syncing it after every batch would only cost, and its start-up
        // line would call it a file. A block device is still synced: what it holds can be made durable.
        _file = LinuxFile.IsSeekable(_fd) && !LinuxFile.IsCharacterDevice(_fd);
        if (_file) LinuxFile.SetAppend(_fd);
        if (_file && EndsMidLine())
        {
            LinuxFile.Write(_fd, "\n"u8);
            log?.Warning("{Stream} (a file) ended in a partial line (an earlier run stopped mid-write); a newline was added before the first event so it is not glued to it", name);
        }
        Description = _file ? $"{name} (a file: appended to)" : name;
    }

    public string Description { get; }

    public int Descriptor => _fd;

    public void Write(ReadOnlySpan<byte> lines) => LinuxFile.Write(_fd, lines);

    /// <summary>One <c>writev</c> for the whole batch.</summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> chunks) => LinuxFile.WriteV(_fd, chunks);

    public void Flush()
    {
    }

    public void Sync()
    {
        if (_file) LinuxFile.DataSync(_fd);
    }

    public void Dispose()
    {
    }

    // Descriptor 1 may be open for writing only (> file): the file is read through a descriptor of its own.
    private bool EndsMidLine()
    {
        try
        {
            using var read = File.OpenHandle($"/proc/self/fd/{_fd}", FileMode.Open, FileAccess.Read);
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
