using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A page queued for the disk buffer reaches the disk and the sink whatever its producer does, so the
/// producer must get it acknowledged (and checkpoint it): a stop (SIGTERM) that abandoned the wait
/// left a page on disk without its checkpoint, and the next start wrote it twice.
/// </summary>
public sealed class SpillAcknowledgementTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-spill-ack-" + Guid.NewGuid().ToString("N")[..8]);

    // A stdout whose reader stalls until the gate opens; says when the writer is stuck in it.
    private sealed class GatedStream : MemoryStream
    {
        private readonly ManualResetEventSlim _gate = new();

        public ManualResetEventSlim Entered { get; } = new();

        public void Open() => _gate.Set();

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Entered.Set();
            _gate.Wait();
            lock (this) base.Write(buffer, offset, count);
        }

        public string Text()
        {
            lock (this) return Encoding.UTF8.GetString(ToArray());
        }
    }

    [Fact]
    public async Task A_page_taken_for_the_disk_buffer_is_acknowledged_even_when_its_producer_stops_meanwhile()
    {
        var stream = new GatedStream();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 2, Sync = false };
        var disk = DiskBuffer.Open(new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 });
        var writer = new OutputWriter(new StreamSink(stream, "test"), limits, disk, TimeProvider.System, Logger.None);
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            Assert.True(stream.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never took the first page");
            // The consumer is stalled, so this page does not fit in memory and is queued for the disk.
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(2, 5).Select(n => $"{{\"n\":{n}}}\n")));
            var written = await writer.EnqueueAsync("s", page, stop.Token);
            Assert.True(written.IsCompletedSuccessfully, "the spilled page was not acknowledged");
        }
        finally
        {
            stream.Open();
            await writer.DisposeAsync();
        }
        Assert.Equal(string.Concat(Enumerable.Range(1, 6).Select(n => $"{{\"n\":{n}}}\n")), stream.Text());
    }

    // Holds the writer in its first write (page 1, from memory) and its second (lines read from the disk
    // buffer), each until released; the second then fails as a broken pipe would.
    private sealed class FailingDrainSink : ILineSink
    {
        private int _writes;

        public ManualResetEventSlim ReleaseFirst { get; } = new();

        public ManualResetEventSlim ReleaseSecond { get; } = new();

        public TaskCompletionSource InFirst { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource InSecond { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "failing drain";

        public void Write(ReadOnlySpan<byte> lines)
        {
            switch (++_writes)
            {
                case 1:
                    InFirst.TrySetResult();
                    ReleaseFirst.Wait();
                    break;
                case 2:
                    InSecond.TrySetResult();
                    ReleaseSecond.Wait();
                    throw new IOException("Broken pipe");
            }
        }

        public void Flush()
        {
        }

        public void Sync()
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Spilled_lines_the_writer_has_read_but_not_written_survive_a_spill_and_a_failed_write()
    {
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };
        var sink = new FailingDrainSink();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 1, Sync = false };
        var writer = new OutputWriter(sink, limits, DiskBuffer.Open(config), TimeProvider.System, Logger.None);
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            await sink.InFirst.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // Two lines do not fit a one-line queue: page 2 goes to the disk buffer (acknowledged once fsynced).
            var second = await writer.EnqueueAsync("s", "{\"n\":2}\n{\"n\":3}\n"u8.ToArray());
            Assert.True(second.IsCompletedSuccessfully);
            sink.ReleaseFirst.Set();
            // The writer has read page 2 back from the disk and is writing it when page 3 is spilled.
            await sink.InSecond.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var third = await writer.EnqueueAsync("s", "{\"n\":4}\n"u8.ToArray());
            Assert.True(third.IsCompletedSuccessfully);
        }
        finally
        {
            sink.ReleaseFirst.Set();
            sink.ReleaseSecond.Set(); // the write of page 2 fails
            await writer.DisposeAsync();
        }
        Assert.NotNull(writer.Failure);
        // Pages 2 and 3 were acknowledged (checkpointed) when spilled: the next start must still write them.
        using var reopened = DiskBuffer.Open(config);
        var buffer = new byte[64];
        long skip = 0;
        var text = new StringBuilder();
        int n;
        while ((n = reopened.Read(ref buffer, ref skip)) > 0) text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        Assert.EndsWith("{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n", text.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
