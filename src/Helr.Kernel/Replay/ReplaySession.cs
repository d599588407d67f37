namespace Helr.Kernel.Replay;

/// <summary><c>--replay-dir</c>: the recordings of every source found under the folder.</summary>
internal sealed class ReplaySession
{
    private readonly string _dir;
    private readonly Dictionary<string, SourceRecording> _sources = new(StringComparer.Ordinal);

    private ReplaySession(string dir) => _dir = dir;

    /// <summary>Opens <paramref name="dir"/>; it must exist and hold at least one <c>&lt;source&gt;/*.json</c>.</summary>
    public static ReplaySession Open(string dir)
    {
        if (!Directory.Exists(dir)) throw new RecordingException($"--replay-dir {dir}: no such folder");
        var session = new ReplaySession(dir);
        if (!Directory.EnumerateDirectories(dir).Any(d => Files(d).Count > 0))
            throw new RecordingException($"--replay-dir {dir}: no recordings (expected <source>/NNN.json files)");
        return session;
    }

    public SourceRecording For(string sourceId)
    {
        lock (_sources)
        {
            if (_sources.TryGetValue(sourceId, out var recording)) return recording;
            var folder = RecordingFolder.Find(_dir, sourceId);
            return _sources[sourceId] = new SourceRecording(sourceId, folder, Directory.Exists(folder) ? Files(folder) : []);
        }
    }

    /// <summary>The <c>*.json</c> files of a source folder in recorded order (000, 001, … 999, 1000).</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*.json")
            .OrderBy(f => long.TryParse(Path.GetFileNameWithoutExtension(f), out var n) ? n : long.MaxValue)
            .ThenBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
}
