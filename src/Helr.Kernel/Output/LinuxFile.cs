using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

/// <summary>
/// The few system calls the output needs that .NET does not offer: <c>write(2)</c> through a
/// descriptor's shared offset (a seekable FileStream uses <c>pwrite</c> at its own offset, which
/// overwrites what another writer of the same open file, e.g. stderr in <c>&gt; f 2&gt;&amp;1</c>, put
/// there), <c>O_APPEND</c>, <c>fdatasync</c> and POSIX record locks (which, unlike the <c>flock</c>
/// .NET takes to emulate FileShare, do not stop other programs from reading the file).
/// Linux only: the constants and struct layout below are Linux's (the same on x86-64 and arm64).
/// </summary>
internal static class LinuxFile
{
    private const int FGetfl = 3, FSetfl = 4, FGetlk = 5, FSetlk = 6, OAppend = 0x400;
    private const short FWrlck = 1, FUnlck = 2;
    private const int EIntr = 4, EAgain = 11, EAcces = 13;
    private const int MaxIoVecs = 1024; // IOV_MAX
    private const int ORdonly = 0, ODirectory = 0x10000; // O_DIRECTORY is octal 0200000 on x86-64 and arm64

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

    /// <summary>Writes all of <paramref name="data"/> with <c>write(2)</c>; an error (EPIPE included) is an IOException.</summary>
    public static void Write(int fd, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var n = write(fd, ref MemoryMarshal.GetReference(data), (nint)data.Length);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
            }
            data = data[(int)n..];
        }
    }

    /// <summary>
    /// Writes the chunks in order with <c>writev(2)</c>: one call for the lot unless the descriptor takes
    /// part of them (a pipe). Chunks not backed by an array are written one by one.
    /// </summary>
    public static void WriteV(int fd, IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        var vectors = new IoVec[chunks.Count];
        var pins = new GCHandle[chunks.Count];
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                if (!MemoryMarshal.TryGetArray(chunks[i], out var segment) || segment.Array is null)
                {
                    foreach (var chunk in chunks) Write(fd, chunk.Span);
                    return;
                }
                pins[i] = GCHandle.Alloc(segment.Array, GCHandleType.Pinned);
                vectors[i] = new IoVec { Base = pins[i].AddrOfPinnedObject() + segment.Offset, Length = segment.Count };
            }
            var first = 0;
            while (first < vectors.Length)
            {
                if (vectors[first].Length == 0)
                {
                    first++;
                    continue;
                }
                var n = writev(fd, ref vectors[first], Math.Min(vectors.Length - first, MaxIoVecs));
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EIntr) continue;
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
                }
                // Skip what was written: whole chunks, then the written part of the next one.
                while (first < vectors.Length && n >= vectors[first].Length) n -= vectors[first++].Length;
                if (n > 0)
                {
                    vectors[first].Base += n;
                    vectors[first].Length -= n;
                }
            }
        }
        finally
        {
            foreach (var pin in pins)
            {
                if (pin.IsAllocated) pin.Free();
            }
        }
    }

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

    /// <summary>
    /// Takes an exclusive write lock on the whole file (released by the kernel when the process
    /// dies, or when it closes any descriptor of the file). False when another process holds it;
    /// <paramref name="holder"/> is then its pid (0 when unknown).
    /// </summary>
    public static bool TryLock(int fd, out int holder)
    {
        holder = 0;
        var lk = new Flock { Type = FWrlck };
        if (fcntl(fd, FSetlk, ref lk) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (EAgain or EAcces)) throw new IOException($"cannot lock: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        var probe = new Flock { Type = FWrlck };
        if (fcntl(fd, FGetlk, ref probe) == 0 && probe.Type != FUnlck) holder = probe.Pid;
        return false;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Len;
        public int Pid;
        private int _pad;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref byte buf, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint writev(int fd, ref IoVec iov, int iovcnt);

    [DllImport("libc", SetLastError = true)]
    private static extern long lseek(int fd, long offset, int whence);

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, ref Flock arg);
}
