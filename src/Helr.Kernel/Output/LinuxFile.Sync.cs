using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

internal static partial class LinuxFile
{
    private const int ORdonly = 0, ODirectory = 0x10000; // O_DIRECTORY is octal 0200000 on x86-64 and arm64

    /// <summary><c>fdatasync</c>; false when the descriptor cannot be synced (a pipe, a terminal, /dev/null).</summary>
    public static bool DataSync(int fd)
    {
        while (fdatasync(fd) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr) continue;
            if (errno is 22 or 30) return false; // EINVAL, EROFS: not a file that can be synced
            throw new IOException($"fdatasync failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
        return true;
    }

    /// <summary><c>fsync</c> of a folder, so the names created, renamed or deleted in it survive a power loss.</summary>
    public static void SyncDirectory(string folder)
    {
        var fd = open(folder, ORdonly | ODirectory);
        if (fd < 0) throw new IOException($"cannot open folder {folder} to sync it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            while (fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                if (errno is 22 or 30) return; // EINVAL, EROFS: a file system whose folders cannot be synced
                throw new IOException($"fsync of folder {folder} failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
