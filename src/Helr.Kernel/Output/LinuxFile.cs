using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

/// <summary>
/// The few system calls the output needs that .NET does not offer: <c>write(2)</c> through a
/// descriptor's shared offset (a seekable FileStream uses <c>pwrite</c> at its own offset, which
/// overwrites what another writer of the same open file, e.g. stderr in <c>&gt; f 2&gt;&amp;1</c>, put
/// there), <c>O_APPEND</c>, <c>fdatasync</c> and POSIX record locks (which, unlike the <c>flock</c>
/// .NET takes to emulate FileShare, do not stop other programs from reading the file).
/// Linux only: the constants and struct layouts are Linux's (the same on x86-64 and arm64).
/// The calls are split by what they serve: writing (<c>LinuxFile.Write.cs</c>), syncing
/// (<c>LinuxFile.Sync.cs</c>) and locking (<c>LinuxFile.Lock.cs</c>).
/// </summary>
internal static partial class LinuxFile
{
    private const int FGetfl = 3, FSetfl = 4, OAppend = 0x400;
    private const int EIntr = 4, EAgain = 11, EAcces = 13;

    public static bool Supported => OperatingSystem.IsLinux();

    /// <summary>True for a descriptor that can seek (a regular file); false for a pipe, socket or terminal.</summary>
    public static bool IsSeekable(int fd) => lseek(fd, 0, 1) >= 0;

    /// <summary>Sets <c>O_APPEND</c> on the open file, so every write of every descriptor sharing it lands at the end.</summary>
    public static void SetAppend(int fd)
    {
        var flags = fcntl(fd, FGetfl, 0);
        if (flags < 0 || (flags & OAppend) != 0) return;
        fcntl(fd, FSetfl, flags | OAppend);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long lseek(int fd, long offset, int whence);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);
}
