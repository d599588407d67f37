using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

internal static partial class LinuxFile
{
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxIno = 0x100;
    private const int StatxInoOffset = 32, StatxDevOffset = 136; // stx_ino; stx_dev_major, stx_dev_minor
    private const int StatxModeOffset = 28; // struct statx is the same on every architecture
    private const int SIfmt = 0xF000, SIfchr = 0x2000, SIfblk = 0x6000, SIfreg = 0x8000;
    private const int AtFdCwd = -100;

    /// <summary>
    /// True for a character or block device (<c>/dev/null</c>, a terminal). <c>/dev/null</c> can seek, so
    /// only the file's type tells it from a regular file. False when the type cannot be read (a C library
    /// without <c>statx</c>, glibc before 2.28): the descriptor is then taken for a file, as before.
    /// </summary>
    public static bool IsDevice(int fd) => TypeOf(fd, "", AtEmptyPath) is SIfchr or SIfblk;

    /// <summary>True for a character device (<c>/dev/null</c>, a terminal): nothing written there can be made durable.</summary>
    public static bool IsCharacterDevice(int fd) => TypeOf(fd, "", AtEmptyPath) == SIfchr;

    /// <summary>
    /// True for a regular file (after symbolic links). A FIFO such as <c>-c &lt;(envsubst &lt; tmpl)</c> is not
    /// one: reading it would block, and consume what the real reader needs. False when the type cannot be read.
    /// </summary>
    public static bool IsRegularFile(string path) => TypeOf(AtFdCwd, path, 0) == SIfreg;

    /// <summary>
    /// True when both descriptors write to the same file, pipe, socket or terminal (the same device and
    /// inode: <c>2&gt;&amp;1</c>, or the path of what stderr was redirected to). False when either cannot be read.
    /// </summary>
    public static bool SameFile(int fd, int other) => Identity(fd, "", AtEmptyPath) is { } id && id == Identity(other, "", AtEmptyPath);

    /// <summary>True when <paramref name="path"/> (after symbolic links) is the file the descriptor writes to.</summary>
    public static bool SameFile(string path, int fd) => Identity(AtFdCwd, path, 0) is { } id && id == Identity(fd, "", AtEmptyPath);

    private static (ulong Inode, ulong Device)? Identity(int dirfd, string path, int flags)
    {
        var buffer = new byte[256];
        try
        {
            if (statx(dirfd, path, flags, StatxIno, buffer) != 0 || (BitConverter.ToUInt32(buffer, 0) & StatxIno) == 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToUInt64(buffer, StatxInoOffset), BitConverter.ToUInt64(buffer, StatxDevOffset));
    }

    // The S_IFMT bits of the file's mode, or null when statx failed or the C library has none.
    private static int? TypeOf(int dirfd, string path, int flags)
    {
        var buffer = new byte[256];
        try
        {
            if (statx(dirfd, path, flags, StatxType, buffer) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        return BitConverter.ToUInt16(buffer, StatxModeOffset) & SIfmt;
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, byte[] buffer);
}
