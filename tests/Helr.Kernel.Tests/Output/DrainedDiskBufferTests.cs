using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// docs/output.md: a segment goes once it has been read through and its lines are written and recorded in
/// <c>.pos</c>. The last one stayed: after the buffer was drained (and after <c>run --once</c>, which drains
/// it) a segment file of up to <c>segment_size_mb</c> was left, all of it written already.
/// </summary>
public sealed class DrainedDiskBufferTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-drained-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_drained_buffer_leaves_no_segment_file_behind()
    {
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };
        var stream = new GatedStream();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 1, Sync = false };
        var writer = new OutputWriter(new StreamSink(stream, "test"), limits, DiskBuffer.Open(config), TimeProvider.System, Logger.None);
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            await stream.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The consumer is behind: page 2 (two lines, more than the queue holds) goes to the disk buffer.
            var second = await writer.EnqueueAsync("s", "{\"n\":2}\n{\"n\":3}\n"u8.ToArray());
            Assert.True(second.IsCompletedSuccessfully);
            Assert.NotEmpty(Directory.GetFiles(_dir, "buf.0*"));
        }
        finally
        {
            stream.Release.Set();
        }
        await writer.CompleteAsync(drainDisk: true).WaitAsync(TimeSpan.FromSeconds(60)); // as run --once does
        await writer.DisposeAsync();
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", stream.Text());
        Assert.Empty(Directory.GetFiles(_dir, "buf.0*"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
