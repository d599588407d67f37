using System.IO.Pipes;
using System.Runtime.InteropServices;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// Vectored writes to a pipe (a pipe takes part of a large writev, and more chunks than IOV_MAX need several
/// calls); a full non-blocking pipe; syncing a folder.
/// </summary>
public sealed class LinuxFileTests
{
    [SkippableFact]
    public async Task WriteV_to_a_pipe_delivers_every_chunk_in_order_across_partial_writes()
    {
        Skip.IfNot(LinuxFile.Supported, "writev is used on Linux only");
        var random = new Random(20); // seeded: the chunk sizes are the same on every run
        var chunks = new List<ReadOnlyMemory<byte>>();
        var expected = new MemoryStream();
        for (var i = 0; i < 3000; i++)
        {
            var chunk = new byte[random.Next(0, 400)];
            random.NextBytes(chunk);
            var offset = chunk.Length > 0 ? random.Next(0, chunk.Length) : 0;
            chunks.Add(chunk.AsMemory(offset)); // slices: the offset into each array must be honoured
            expected.Write(chunk, offset, chunk.Length - offset);
        }
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        using var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle);
        var read = Task.Run(async () =>
        {
            var all = new MemoryStream();
            await server.CopyToAsync(all);
            return all.ToArray();
        });
        // ~600 KB is far more than a pipe holds (64 KiB): writev returns early and the rest follows.
        LinuxFile.WriteV((int)client.SafePipeHandle.DangerousGetHandle(), chunks);
        client.Dispose();
        server.DisposeLocalCopyOfClientHandle();
        Assert.Equal(expected.ToArray(), await read);
    }

    // Decides whether the output shares the log lines' lock: shared only for one pipe or file, never for two.
    [SkippableFact]
    public void SameFile_tells_one_pipe_or_file_from_another()
    {
        Skip.IfNot(LinuxFile.Supported, "statx is used on Linux only");
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var end = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        using var other = new AnonymousPipeServerStream(PipeDirection.In);
        int Fd(SafeHandle handle) => (int)handle.DangerousGetHandle();
        Assert.True(LinuxFile.SameFile(Fd(end.SafePipeHandle), Fd(pipe.SafePipeHandle))); // both ends of one pipe
        Assert.False(LinuxFile.SameFile(Fd(end.SafePipeHandle), Fd(other.SafePipeHandle)));
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var (path, otherPath) = (Path.Combine(dir.FullName, "a"), Path.Combine(dir.FullName, "b"));
            File.WriteAllText(otherPath, "");
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
            Assert.True(LinuxFile.SameFile(path, Fd(file.SafeFileHandle)));
            Assert.False(LinuxFile.SameFile(otherPath, Fd(file.SafeFileHandle)));
            Assert.False(LinuxFile.SameFile(path, Fd(end.SafePipeHandle)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // stdout handed over with O_NONBLOCK (a parent that made its pipe non-blocking): before, the first write
    // to the full pipe failed with EAGAIN ("Resource temporarily unavailable") and helr exited with "output failed".
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_full_non_blocking_pipe_is_waited_on_until_the_reader_makes_room(bool vectored)
    {
        Skip.IfNot(LinuxFile.Supported, "write(2) is used on Linux only");
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        using var client = new AnonymousPipeClientStream(PipeDirection.Out, server.ClientSafePipeHandle);
        var fd = (int)client.SafePipeHandle.DangerousGetHandle();
        Assert.Equal(0, fcntl(fd, FSetfl, fcntl(fd, FGetfl, 0) | ONonblock));
        // Filled first, with nobody reading: the write under test finds no room, whatever the timing.
        var filler = new byte[4096];
        var filled = 0;
        for (nint n; (n = write(fd, filler, filler.Length)) > 0;) filled += (int)n;
        Assert.Equal(EAgain, Marshal.GetLastPInvokeError());
        var data = new byte[300_000];
        new Random(3).NextBytes(data);
        var chunks = Enumerable.Range(0, 30).Select(i => (ReadOnlyMemory<byte>)data.AsMemory(i * 10_000, 10_000)).ToList();

        var writer = Task.Run(() =>
        {
            if (vectored) LinuxFile.WriteV(fd, chunks);
            else LinuxFile.Write(fd, data);
        });
        // A writer that gives up closes the pipe, so the reader below ends instead of waiting for ever.
        _ = writer.ContinueWith(_ => client.Dispose(), TaskContinuationOptions.OnlyOnFaulted);
        // A slow reader: a little at a time, so the writer finds the pipe full again and again.
        var received = new byte[filled + data.Length];
        for (var at = 0; at < received.Length;)
        {
            var n = await server.ReadAsync(received.AsMemory(at, Math.Min(1000, received.Length - at)));
            Assert.True(n > 0, $"the pipe closed after {at} bytes: {(writer.IsFaulted ? writer.Exception!.InnerException!.Message : "")}");
            at += n;
        }
        await writer;

        Assert.Equal(data, received[filled..]);
    }

    private const int FGetfl = 3, FSetfl = 4, ONonblock = 0x800, EAgain = 11;

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buf, nint count);

    [SkippableFact]
    public void SyncDirectory_syncs_a_folder_and_names_one_it_cannot_open()
    {
        Skip.IfNot(LinuxFile.Supported, "folders are synced on Linux only");
        LinuxFile.SyncDirectory(Path.GetTempPath());
        var missing = Path.Combine(Path.GetTempPath(), "helr-missing-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<IOException>(() => LinuxFile.SyncDirectory(missing));
        Assert.Contains(missing, error.Message);
    }
}
