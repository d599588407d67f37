using System.Globalization;
using Helr.Kernel.Config;

namespace Helr.Kernel.Output;

internal sealed partial class DiskBuffer
{
    private long _nextSeq = 1;

    /// <summary>
    /// Opens the buffer at <c>disk_buffer.path</c>, creating its folder. Segments left by an earlier
    /// run are kept and read first; a torn last append is cut off; segments before the saved read
    /// position are deleted; lines left in upstream Helr's spill files follow them. One process owns the buffer: a lock on <c>&lt;path&gt;.lock</c> (released by the
    /// kernel when the process dies) refuses a second one, which would otherwise read and delete
    /// segments whose lines the first one acknowledged.
    /// </summary>
    /// <param name="openSegment">Tests only: opens a segment file for appending (to make an append fail partway).</param>
    public static DiskBuffer Open(DiskBufferConfig config, Func<string, FileStream>? openSegment = null)
    {
        var path = System.IO.Path.GetFullPath(config.Path);
        var buffer = new DiskBuffer(path, config, openSegment);
        try
        {
            buffer._entries = DirectoryEntries.Create(System.IO.Path.GetDirectoryName(path)!);
            buffer.TakeOwnership(config);
            buffer.Recover();
            // Prove the folder is writable now rather than at the first spill, hours later.
            var probe = path + ".probe";
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (DiskBufferLockedException ex)
        {
            buffer.Dispose();
            throw new InvalidOperationException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            buffer.Dispose();
            throw new InvalidOperationException($"cannot use backpressure.disk_buffer.path \"{config.Path}\": {ex.Message}", ex);
        }
        return buffer;
    }

    private void TakeOwnership(DiskBufferConfig config)
    {
        if (!LinuxFile.Supported)
        {
            _owner = new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return;
        }
        _owner = new FileStream(_path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (LinuxFile.TryLock((int)_owner.SafeFileHandle.DangerousGetHandle(), out var holder)) return;
        throw new DiskBufferLockedException(
            $"backpressure.disk_buffer.path \"{config.Path}\" is in use by another helr{(holder > 0 ? $" (pid {holder})" : "")}; several instances on one host need one disk_buffer.path each");
    }

    private void Recover()
    {
        var dir = System.IO.Path.GetDirectoryName(_path)!;
        var prefix = System.IO.Path.GetFileName(_path) + ".";
        // The pattern "buf.*" also matches "buf" itself (upstream's spill file), which has no suffix at all.
        // NumberStyles.None: digits only, no sign or blank; a number too long for a long is no segment of Helr's.
        var found = Directory.EnumerateFiles(dir, prefix + "*")
            .Select(f => System.IO.Path.GetFileName(f) is var name && name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                && long.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? new Segment(seq, f, new FileInfo(f).Length) : null)
            .OfType<Segment>()
            .OrderBy(s => s.Seq)
            .ToList();
        RemoveTemporaryFiles(dir, prefix);
        var (posSeq, posOffset) = ReadPosition();
        foreach (var segment in found)
        {
            if (segment.Seq < posSeq)
            {
                File.Delete(segment.File);
                continue;
            }
            _segments.Add(segment);
        }
        if (_segments.Count > 0)
        {
            var last = _segments[^1];
            var kept = CommittedLength(last.File, last.Length);
            if (kept != last.Length)
            {
                using var stream = new FileStream(last.File, FileMode.Open, FileAccess.Write);
                stream.SetLength(kept);
                _segments[^1] = last with { Length = kept };
            }
            _nextSeq = _segments[^1].Seq + 1;
            if (_segments[0].Seq == posSeq) _readOffset = Math.Min(posOffset, _segments[0].Length);
        }
        else if (found.Count > 0)
        {
            _nextSeq = found[^1].Seq + 1;
        }
        else if (posSeq > 0)
        {
            _nextSeq = posSeq + 1;
        }
        AdoptUpstreamFiles();
    }

    // What a save of .pos or an adoption of upstream's files left when cut short (a full disk, a kill): never
    // read, and the only copy of nothing (the file it was to replace is still there), but holding its share of
    // the disk for good.
    private static void RemoveTemporaryFiles(string dir, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*.tmp"))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name.Length <= prefix.Length + ".tmp".Length || !name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var middle = name.AsSpan(prefix.Length, name.Length - prefix.Length - ".tmp".Length);
            if (middle is "pos" || long.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out _)) File.Delete(file);
        }
    }

    private (long Seq, long Offset) ReadPosition()
    {
        var file = _path + ".pos";
        if (!File.Exists(file)) return (0, 0);
        var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var offset))
            return (seq, offset);
        return (0, 0);
    }

    // Length up to and including the last commit mark (an empty line): everything after it is a torn append.
    private static long CommittedLength(string file, long length)
    {
        if (length == 0) return 0;
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var chunk = new byte[64 * 1024];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - chunk.Length);
            var count = (int)(end - start);
            stream.Position = start;
            stream.ReadExactly(chunk, 0, count);
            var mark = chunk.AsSpan(0, count).LastIndexOf("\n\n"u8);
            if (mark >= 0) return start + mark + 2;
            if (start == 0) break;
            end = start + 1; // overlap one byte so a mark split across chunks is found
        }
        return 0;
    }
}
