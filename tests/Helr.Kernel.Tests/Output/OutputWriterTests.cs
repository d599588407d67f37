using System.Text;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

public sealed class OutputWriterTests
{
    private sealed class BrokenPipeStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Writes++;
            if (Writes > 1) throw new IOException("Broken pipe");
            return base.WriteAsync(buffer, ct);
        }
    }

    [Fact]
    public async Task Completes_only_after_the_bytes_reached_the_stream()
    {
        var stream = new MemoryStream();
        await using (var writer = new OutputWriter(stream, "test"))
        {
            await writer.WriteAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n"));
            Assert.Equal("{\"a\":1}\n", Encoding.UTF8.GetString(stream.ToArray()));
        }
    }

    [Fact]
    public async Task First_write_failure_fails_that_page_and_every_later_one()
    {
        var stream = new BrokenPipeStream();
        await using var writer = new OutputWriter(stream, "test");
        await writer.WriteAsync("ok\n"u8.ToArray());
        var first = await Assert.ThrowsAsync<OutputFailedException>(() => writer.WriteAsync("lost\n"u8.ToArray()));
        Assert.Contains("broken pipe", first.Message);
        await Assert.ThrowsAsync<OutputFailedException>(() => writer.WriteAsync("later\n"u8.ToArray()));
        Assert.Equal(2, stream.Writes);
        Assert.NotNull(writer.Failure);
    }
}
