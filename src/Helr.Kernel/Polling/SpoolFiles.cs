namespace Helr.Kernel.Polling;

/// <summary>
/// The temporary files a source's spilled pages use, kept for the source's life and reused: writing
/// over page-cache pages a file already has costs a copy, where a new file's pages are allocated, and
/// its blocks reserved, again for every page. A page's spool holds its file until it is disposed (a
/// page handed to the output in the background: once its last part was read), and a spill gets a file
/// no spool holds. A page spills while the page before is still read out of another file, so two files
/// are in use at most; a page that spilled and was then discarded (a retried read, a skipped page) gives
/// its file back at once. Taking turns instead would let the page after a discarded one spill into the
/// file the page before it was still being read from.
/// </summary>
internal sealed class SpoolFiles(Func<string?> directory) : IDisposable
{
    // Taken on the page's reading path, given back by a hand-over in the background.
    private readonly List<(FileStream File, bool Held)> _files = new();

    /// <summary>A file for the next spilled page, held until <see cref="Return"/>; positioned at its start, it may hold an older page's bytes past what is written.</summary>
    public FileStream Take()
    {
        lock (_files)
        {
            var free = _files.FindIndex(f => !f.Held);
            if (free < 0)
            {
                _files.Add((Create(directory() ?? Path.GetTempPath()), false));
                free = _files.Count - 1;
            }
            var file = _files[free].File;
            _files[free] = (file, true);
            file.Position = 0;
            return file;
        }
    }

    /// <summary>The spool that took <paramref name="file"/> no longer reads or writes it.</summary>
    public void Return(FileStream file)
    {
        lock (_files)
        {
            var index = _files.FindIndex(f => f.File == file);
            if (index >= 0) _files[index] = (file, false);
        }
    }

    public void Dispose()
    {
        lock (_files)
        {
            foreach (var (file, _) in _files) file.Dispose();
            _files.Clear();
        }
    }

    // Unlinked at once: the open handle keeps the data, and nothing is left if the process dies.
    private static FileStream Create(string directory)
    {
        var path = Path.Combine(directory, $"helr-spool-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file.Dispose();
            throw new IOException($"cannot unlink the page spool file {path}: {ex.Message}", ex);
        }
        return file;
    }
}
