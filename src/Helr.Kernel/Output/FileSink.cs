using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Serilog;

namespace Helr.Kernel.Output;

/// <summary>
/// An NDJSON file, appended to, optionally rotated. Rotation happens only between lines: with
/// <c>size:N</c> a file never grows past N MB unless one line alone is larger; with <c>daily</c> the
/// file is rotated at the first write of a new UTC day. The rotated file is renamed to
/// <c>&lt;stem&gt;.&lt;suffix&gt;&lt;ext&gt;</c> (suffix: the UTC day of its content, <c>yyyy-MM-dd</c>, or the
/// rotation time <c>yyyy-MM-ddTHH-mm-ss</c>); an existing name is never overwritten, <c>.1</c>, <c>.2</c>, …
/// is added before the extension instead.
/// Each <see cref="Write"/> is one unbuffered write of whole lines, so a crash never leaves part of a
/// line in the file between system calls; a file that nevertheless ends in a partial line (a power
/// loss, an older version) has that fragment cut off at start, before anything is appended. On Linux
/// the file is locked for the life of the process: a second helr writing the same file is refused.
/// A named pipe or a device is written as a stream: nothing to cut, no rotation. On Linux a file is
/// written in append mode (a truncation by someone else is followed, not padded with NULs up to our
/// offset), and a file moved away or deleted (logrotate) is replaced by a new one at the path before
/// the next write.
/// </summary>
internal sealed partial class FileSink : ILineSink
{
    private readonly string _path;
    private readonly RotationPolicy? _rotation;
    private readonly TimeProvider _time;
    private readonly ILogger? _log;
    private DirectoryEntries _entries;
    private FileStream _stream;
    // On Linux, writes go through the descriptor with write/writev (O_APPEND for a file); elsewhere through
    // the handle at an explicit offset (pwrite/pwritev). FileStream.SafeFileHandle would cost an lseek on
    // every access, so it is taken once per opened file.
    private SafeFileHandle _handle;
    private long _size;
    private OpenedPath? _opened; // a file: whether its path still names it (logrotate moves it away)
    private bool _pipe; // a named pipe or a device: written at its own position (write(2)), as there is no offset
    private DateOnly _day;

    public FileSink(string path, RotationPolicy? rotation, TimeProvider time, ILogger? log = null)
    {
        _path = Path.GetFullPath(path);
        _rotation = rotation;
        _time = time;
        _log = log;
        _entries = DirectoryEntries.Create(Path.GetDirectoryName(_path)!);
        // A file left by an earlier run belongs to the day it was last written, so a restart on a later day rotates
        // it first. Read before opening: cutting off a fragment at its end (Open) sets the time to now.
        var lastWritten = File.GetLastWriteTimeUtc(_path);
        (_stream, _handle) = Open();
        if (_size > 0) _day = DateOnly.FromDateTime(lastWritten);
        Description = rotation is null ? $"file {path}" : $"file {path} (rotate {rotation})";
    }

    public string Description { get; }

    public void Write(ReadOnlySpan<byte> lines)
    {
        ReopenIfMoved();
        if (_rotation is null || _rotation.Daily)
        {
            RotateIfNewDay();
            Append(lines);
            return;
        }
        while (!lines.IsEmpty)
        {
            var fit = FittingPrefix(lines, _rotation.MaxBytes - _size);
            if (fit == 0)
            {
                if (_size > 0 && ShrankUnderUs()) continue;
                if (_size > 0)
                {
                    Rotate(_time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture));
                    continue;
                }
                fit = lines.IndexOf((byte)'\n') + 1; // one line larger than the limit gets a file of its own
            }
            Append(lines[..fit]);
            lines = lines[fit..];
        }
    }

    /// <summary>One vectored write for the whole batch, unless size rotation may have to cut between its lines.</summary>
    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        if (_rotation is { Daily: false })
        {
            foreach (var chunk in chunks) Write(chunk.Span);
            return;
        }
        ReopenIfMoved();
        RotateIfNewDay();
        if (LinuxFile.Supported) LinuxFile.WriteV(Fd(), chunks);
        else if (_pipe) foreach (var chunk in chunks) _stream.Write(chunk.Span);
        else RandomAccess.Write(_handle, chunks, _size);
        foreach (var chunk in chunks) _size += chunk.Length;
    }

    public void Flush()
    {
        // Unbuffered: every write already reached the OS.
    }

    public void Sync()
    {
        SyncData();
        _entries.SyncIfChanged(); // the file's name (created, or a rotation's rename and new file) with its lines, and the folders made for it
    }

    private void SyncData()
    {
        if (LinuxFile.Supported) LinuxFile.DataSync((int)_handle.DangerousGetHandle());
        else RandomAccess.FlushToDisk(_handle);
    }

    private static int Fd(FileStream stream) => (int)stream.SafeFileHandle.DangerousGetHandle();

    private int Fd() => (int)_handle.DangerousGetHandle();

    public void Dispose() => _stream.Dispose();

    private void Append(ReadOnlySpan<byte> lines)
    {
        if (LinuxFile.Supported) LinuxFile.Write(Fd(), lines);
        else if (_pipe) _stream.Write(lines);
        else RandomAccess.Write(_handle, lines, _size);
        _size += lines.Length;
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    // Lines written from now on go to a new file at the path; those written to the moved one are synced there first.
    private void ReopenIfMoved()
    {
        if (_opened is not { Moved: true }) return;
        if (Directory.Exists(_entries.Folder)) Sync();
        else
        {
            // The folder went with the file (rm -rf, moved away): no name there to sync, and the folder is made
            // again, as at start (opening the path failed, and the output with it).
            SyncData();
            _entries = DirectoryEntries.Create(_entries.Folder);
        }
        _stream.Dispose();
        (_stream, _handle) = Open();
        _log?.Warning("output file {Path} was moved or deleted while helr wrote to it (logrotate?); writing on to a new file at that path", _path);
    }

    // Unbuffered: a buffer would reach the file in chunks that split lines.
    private (FileStream, SafeFileHandle) Open()
    {
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            // A device (/dev/null, a terminal) is no one's to own: locked, a second helr writing to /dev/null was refused.
            var device = LinuxFile.Supported && LinuxFile.IsDevice(Fd(stream));
            if (LinuxFile.Supported && !device && !LinuxFile.TryLock(Fd(stream), out var holder))
                throw new IOException($"another helr{(holder > 0 ? $" (pid {holder})" : "")} is writing to it; give each instance its own --output file");
            // A named pipe or a device: a stream of lines, with no end to cut or size to rotate at. /dev/null can
            // seek, but rotating it renamed /dev/null itself (when run as root) and made a plain file in its place.
            if (!stream.CanSeek || device)
            {
                if (_rotation is not null) throw new IOException("it is a pipe or a device, not a file, and cannot be rotated (drop --output-rotate)");
                _pipe = true;
                return (stream, stream.SafeFileHandle);
            }
            PartialLine.CutOff(stream, _path, _log);
            _size = stream.Seek(0, SeekOrigin.End);
            // Written through the descriptor in append mode: a file truncated under Helr (logrotate's copytruncate,
            // `: > file`) gets the next lines at its start. Written at our own offset, they landed after a hole of
            // NUL bytes as long as what the file had held.
            if (LinuxFile.Supported) LinuxFile.SetAppend(Fd(stream));
            _opened = new OpenedPath(Fd(stream));
            _entries.Changed();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return (stream, stream.SafeFileHandle);
    }
}
