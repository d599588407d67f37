using System.IO.Pipes;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>Vectored writes to a pipe (a pipe takes part of a large writev, and more chunks than IOV_MAX need several calls); syncing a folder.</summary>
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
