using System.Text;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

public sealed class OutputWriterTests
{
    private sealed class BrokenPipeStream : MemoryStream
    {
        public int FailedWrites { get; private set; }

        // Accepts the first three bytes, then behaves like a pipe whose reader has gone.
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > 3)
            {
                FailedWrites++;
                throw new IOException("Broken pipe");
            }
            base.Write(buffer, offset, count);
        }
    }

    private static OutputWriter Writer(Stream stream) =>
        new(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);

    [Fact]
    public async Task Completes_only_after_the_bytes_reached_the_stream()
    {
        var stream = new MemoryStream();
        var writer = Writer(stream);
        await writer.WriteAsync("s", Encoding.UTF8.GetBytes("{\"a\":1}\n"));
        Assert.Equal("{\"a\":1}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task First_write_failure_fails_that_page_and_every_later_one()
    {
        var stream = new BrokenPipeStream();
        var writer = Writer(stream);
        await writer.WriteAsync("s", "ok\n"u8.ToArray());
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync("s", "lost\n"u8.ToArray()));
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync("s", "later\n"u8.ToArray()));
        Assert.Equal(1, stream.FailedWrites);
        Assert.NotNull(writer.Failure);
        Assert.Equal("ok\n", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
