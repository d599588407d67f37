namespace Helr.Kernel.Output;

/// <summary>
/// Whether an open output file is still the one its path names. logrotate (without copytruncate) moves
/// the file away, may create an empty one in its place, and may compress and delete the moved file; a
/// writer that kept its descriptor went on writing into a file the shipper no longer reads, or into
/// none at all, while the lines counted as written. Linux: the descriptor's <c>/proc/self/fd</c> link,
/// read once per write (a <c>readlink</c>), changes when the file is renamed or deleted. Elsewhere it
/// is never seen to move.
/// </summary>
internal sealed class OpenedPath
{
    private readonly string? _link;
    private readonly string? _target;

    public OpenedPath(int fd)
    {
        if (!LinuxFile.Supported) return;
        _link = $"/proc/self/fd/{fd}";
        _target = Target();
    }

    /// <summary>True once the file was renamed or deleted since it was opened.</summary>
    public bool Moved => _target is not null && Target() is { } now && now != _target;

    private string? Target()
    {
        try
        {
            return new FileInfo(_link!).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // no /proc: nothing to compare
        }
    }
}
