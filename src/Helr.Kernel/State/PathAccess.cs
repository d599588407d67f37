using System.Runtime.InteropServices;

namespace Helr.Kernel.State;

/// <summary>
/// access(2) on Linux: what this process's user may do with a path, asked without opening it (opening an
/// output file would drop the writer's record lock; see <c>OutputProbe</c>). Root may write anywhere but
/// on a read-only file system. Callers decide what to do on other systems.
/// </summary>
internal static class PathAccess
{
    private const int WOk = 2, XOk = 1;

    /// <summary>The file or folder may be written.</summary>
    public static bool MayWrite(string path) => access(path, WOk) == 0;

    /// <summary>Entries may be created in the folder (written and searched).</summary>
    public static bool MayCreateIn(string folder) => access(folder, WOk | XOk) == 0;

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
