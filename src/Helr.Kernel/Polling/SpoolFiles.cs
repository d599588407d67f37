namespace Helr.Kernel.Polling;

/// <summary>
/// The temporary files a source's spilled pages use, two in turn and kept for the source's life. A
/// page spills into one while the page before it may still be read out of the other (its parts are
/// handed to the output in the background, and the page after next starts only once they all are).
/// Reused rather than created per page: writing over page-cache pages a file already has costs a copy,
/// where a new file's pages are allocated, and its blocks reserved, again for every page.
/// </summary>
internal sealed class SpoolFiles(Func<string?> directory) : IDisposable
{
    private readonly FileStream?[] _files = new FileStream?[2];
    private int _turn;

    /// <summary>The file for the next spilled page, positioned at its start; it may hold an older page's bytes past what is written.</summary>
    public FileStream Next()
    {
        var file = _files[_turn] ??= Create(directory() ?? Path.GetTempPath());
        _turn ^= 1;
        file.Position = 0;
        return file;
    }

    public void Dispose()
    {
        foreach (var file in _files) file?.Dispose();
        Array.Clear(_files);
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
