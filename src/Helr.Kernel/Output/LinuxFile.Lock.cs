using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

internal static partial class LinuxFile
{
    private const int FGetlk = 5, FSetlk = 6;
    private const short FWrlck = 1, FUnlck = 2;

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
    private static extern int fcntl(int fd, int cmd, ref Flock arg);
}
