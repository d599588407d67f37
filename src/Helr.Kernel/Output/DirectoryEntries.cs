namespace Helr.Kernel.Output;

/// <summary>
/// Makes new, renamed or deleted names in one folder durable. A file's <c>fdatasync</c> makes its bytes
/// durable, not its name: by POSIX a power loss after it may still lose a file just created, or undo a
/// rename, until the folder itself is synced (ext4, XFS and btrfs usually commit the name with the file,
/// but do not promise it). So whoever changes a name calls <see cref="Changed"/>, and the next sync of
/// the data that depends on that name calls <see cref="SyncIfChanged"/> before it is acknowledged.
/// </summary>
internal sealed class DirectoryEntries(string folder)
{
    private volatile bool _changed;

    /// <summary>Called after each folder sync, with the folder (tests watch their own folders through it).</summary>
    internal static event Action<string>? Synced;

    public string Folder { get; } = folder;

    public void Changed() => _changed = true;

    // The folders in which Create made a folder (deepest first): their new entries are as fragile as a
    // new file's, so they are synced with this folder's first sync.
    private IReadOnlyList<DirectoryEntries> _createdIn = [];

    /// <summary>
    /// Creates <paramref name="folder"/> and any missing parent, and returns its entries; their first
    /// <see cref="SyncIfChanged"/> also syncs the folders that now hold a folder made here.
    /// </summary>
    public static DirectoryEntries Create(string folder)
    {
        var created = new List<DirectoryEntries>();
        var full = Path.GetFullPath(folder);
        for (var dir = full; !Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent; dir = parent)
        {
            var entries = new DirectoryEntries(parent);
            entries.Changed();
            created.Add(entries);
        }
        Directory.CreateDirectory(full);
        return new DirectoryEntries(folder) { _createdIn = created };
    }

    public void SyncIfChanged()
    {
        SyncSelfIfChanged();
        foreach (var parent in _createdIn) parent.SyncSelfIfChanged();
    }

    private void SyncSelfIfChanged()
    {
        if (!_changed) return;
        _changed = false;
        if (!LinuxFile.Supported) return; // elsewhere a folder cannot be opened to sync it; the file's sync is all there is
        LinuxFile.SyncDirectory(Folder);
        Synced?.Invoke(Folder);
    }
}
