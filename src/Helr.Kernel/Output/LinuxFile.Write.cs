using System.Runtime.InteropServices;

namespace Helr.Kernel.Output;

internal static partial class LinuxFile
{
    private const int MaxIoVecs = 1024; // IOV_MAX
    private const short PollOut = 4;

    /// <summary>Writes all of <paramref name="data"/> with <c>write(2)</c>; an error (EPIPE included) is an IOException.
    /// A full non-blocking pipe is waited on, as a blocking one would be.</summary>
    public static void Write(int fd, ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var n = write(fd, ref MemoryMarshal.GetReference(data), (nint)data.Length);
            if (n < 0)
            {
                WaitToRetry(fd);
                continue;
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
                    WaitToRetry(fd);
                    continue;
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

    /// <summary>
    /// After a failed write: returns when it is worth writing again (interrupted, or room again in a full
    /// non-blocking pipe); otherwise throws the error (EPIPE included) as an IOException carrying the errno.
    /// </summary>
    private static void WaitToRetry(int fd)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EIntr) return;
        // A descriptor handed over with O_NONBLOCK (a parent that made its pipe non-blocking) answers EAGAIN
        // while the pipe is full: a slow reader must slow the output, as with a blocking pipe, not stop it.
        while (errno == EAgain)
        {
            var wait = new PollFd { Fd = fd, Events = PollOut };
            if (poll(ref wait, 1, -1) >= 0) return;
            errno = Marshal.GetLastPInvokeError();
            if (errno == EIntr) errno = EAgain;
        }
        throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public nint Base;
        public nint Length;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, ref byte buf, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll(ref PollFd fds, nuint nfds, int timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern nint writev(int fd, ref IoVec iov, int iovcnt);
}
