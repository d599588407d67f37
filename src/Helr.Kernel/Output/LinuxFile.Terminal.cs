using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

internal static partial class LinuxFile
{
    private const int ONoctty = 0x100, ONonblock = 0x800; // O_RDONLY is in LinuxFile.Sync.cs

    /// <summary>
    /// True when <paramref name="path"/> is a terminal (<c>/dev/tty</c>, <c>/dev/pts/3</c>). Only a character
    /// device is opened to ask (a FIFO opened would block, a regular file is never one); without O_NOCTTY
    /// the open could make it the process's controlling terminal. False when it cannot be opened.
    /// </summary>
    public static bool IsTerminal(string path)
    {
        if (TypeOf(AtFdCwd, path, 0) != SIfchr) return false;
        var fd = open(path, ORdonly | ONoctty | ONonblock);
        if (fd < 0) return false;
        try
        {
            return isatty(fd) == 1;
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int isatty(int fd);
}
