using Helr.Kernel.State;

namespace Helr.Kernel.Api;

/// <summary>
/// Whether an <c>--output</c> file could be opened for append now, for <c>/readyz</c>, without opening
/// it: on Linux the writer holds a POSIX record lock on the file (one writer per file), and the kernel
/// drops such a lock as soon as its process closes any descriptor of the file, so a probe that opened
/// and closed it let a second helr write to the same file.
/// </summary>
internal static class OutputProbe
{
    public static bool Writable(string path)
    {
        if (!OperatingSystem.IsLinux()) return CanOpen(path);
        // A missing file (moved away meanwhile) can be opened if its folder takes a new one, as opening for append would create it.
        if (File.Exists(path)) return PathAccess.MayWrite(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is not null && PathAccess.MayCreateIn(folder);
    }

    // Elsewhere the writer takes no record lock, so opening the file costs nothing.
    private static bool CanOpen(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
