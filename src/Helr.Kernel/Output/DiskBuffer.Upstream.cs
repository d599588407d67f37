namespace Helr.Kernel.Output;

// Upstream Helr's spill files: it appended to <path> itself, renamed it to <path>.old at segment_size_mb, and
// wrote both out (.old first) at its next start. Its state layout is Helr's, so after an upgrade the sources
// resume past the pages it spilled: those lines were acknowledged and only these files still hold them.
internal sealed partial class DiskBuffer
{
    private void AdoptUpstreamFiles()
    {
        var files = new[] { _path + ".old", _path }.Where(File.Exists).ToList();
        if (files.Count == 0) return;
        var seq = _nextSeq;
        var segment = SegmentFile(seq);
        var temp = segment + ".tmp";
        long length;
        try
        {
            using (var target = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var chunk = new byte[1 << 16];
                foreach (var file in files)
                {
                    using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                    var lineStart = true;
                    long whole = target.Position; // up to the last newline: a torn last line was never acknowledged
                    int n;
                    while ((n = source.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        var kept = 0;
                        var end = -1;
                        for (var i = 0; i < n; i++)
                        {
                            var b = chunk[i];
                            if (b == (byte)'\n' && lineStart) continue; // upstream skips blank lines; here they are commit marks
                            chunk[kept++] = b;
                            lineStart = b == (byte)'\n';
                            if (lineStart) end = kept;
                        }
                        var at = target.Position;
                        target.Write(chunk, 0, kept);
                        if (end >= 0) whole = at + end;
                    }
                    target.SetLength(whole);
                    target.Position = whole;
                }
                length = target.Length;
                if (length > 0) target.WriteByte((byte)'\n');
                target.Flush(flushToDisk: true);
            }
        }
        catch
        {
            // A full disk: the part copied would hold its blocks until the next start, which copies it all again.
            TryDelete(temp);
            throw;
        }
        if (length > 0)
        {
            File.Move(temp, segment);
            _segments.Add(new Segment(seq, segment, length + 1));
            _nextSeq = seq + 1;
        }
        else File.Delete(temp);
        _entries.Changed();
        _entries.SyncIfChanged(); // the new segment's name before the files it replaces go
        foreach (var file in files) File.Delete(file);
        _entries.Changed();
        _entries.SyncIfChanged();
    }
}
