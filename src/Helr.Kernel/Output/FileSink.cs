using System.Globalization;

namespace Helr.Kernel.Output;

/// <summary>
/// An NDJSON file, appended to, optionally rotated. Rotation happens only between lines: with
/// <c>size:N</c> a file never grows past N MB unless one line alone is larger; with <c>daily</c> the
/// file is rotated at the first write of a new UTC day. The rotated file is renamed to
/// <c>&lt;stem&gt;.&lt;suffix&gt;&lt;ext&gt;</c> (suffix: the UTC day of its content, <c>yyyy-MM-dd</c>, or the
/// rotation time <c>yyyy-MM-ddTHH-mm-ss</c>); an existing name is never overwritten, <c>.1</c>, <c>.2</c>, …
/// is added before the extension instead.
/// </summary>
internal sealed class FileSink : ILineSink
{
    private readonly string _path;
    private readonly RotationPolicy? _rotation;
    private readonly TimeProvider _time;
    private FileStream _stream;
    private long _size;
    private DateOnly _day;

    public FileSink(string path, RotationPolicy? rotation, TimeProvider time)
    {
        _path = Path.GetFullPath(path);
        _rotation = rotation;
        _time = time;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _stream = Open();
        // A file left by an earlier run belongs to the day it was last written, so a restart on a later day rotates it first.
        if (_size > 0) _day = DateOnly.FromDateTime(File.GetLastWriteTimeUtc(_path));
        Description = rotation is null ? $"file {path}" : $"file {path} (rotate {rotation})";
    }

    public string Description { get; }

    public void Write(ReadOnlySpan<byte> lines)
    {
        if (_rotation is null)
        {
            _stream.Write(lines);
            return;
        }
        if (_rotation.Daily)
        {
            var today = Today();
            if (_size > 0 && today != _day) Rotate(_day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (_size == 0) _day = today;
            Append(lines);
            return;
        }
        while (!lines.IsEmpty)
        {
            var fit = FittingPrefix(lines, _rotation.MaxBytes - _size);
            if (fit == 0)
            {
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

    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    // Length of the longest run of whole lines at the start of <lines> that fits in <room> bytes.
    private static int FittingPrefix(ReadOnlySpan<byte> lines, long room)
    {
        if (room <= 0) return 0;
        if (lines.Length <= room) return lines.Length;
        var cut = lines[..(int)room].LastIndexOf((byte)'\n');
        return cut + 1;
    }

    private void Append(ReadOnlySpan<byte> lines)
    {
        _stream.Write(lines);
        _size += lines.Length;
    }

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private void Rotate(string suffix)
    {
        _stream.Flush();
        _stream.Dispose();
        File.Move(_path, FreeName(suffix), overwrite: false);
        _stream = Open();
    }

    private string FreeName(string suffix)
    {
        var dir = Path.GetDirectoryName(_path)!;
        var stem = Path.GetFileNameWithoutExtension(_path);
        var ext = Path.GetExtension(_path);
        var candidate = Path.Combine(dir, $"{stem}.{suffix}{ext}");
        for (var n = 1; File.Exists(candidate); n++) candidate = Path.Combine(dir, $"{stem}.{suffix}.{n}{ext}");
        return candidate;
    }

    private FileStream Open()
    {
        var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        _size = stream.Length;
        return stream;
    }
}
