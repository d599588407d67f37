using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A stop (SIGTERM) while a page waits for room in a full disk buffer: the writer stopped reading the
/// disk at the stop, so no room was ever made, the spiller waited for ever and helr never exited,
/// although its consumer was reading again (only SIGKILL ended it).
/// </summary>
public sealed class StopWithFullDiskBufferTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-stop-full-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_stop_while_a_page_waits_for_room_on_disk_ends_and_the_page_is_kept()
    {
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 1 };
        var stream = new GatedStream();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 1, Sync = false };
        var writer = new OutputWriter(new StreamSink(stream, "test"), limits, DiskBuffer.Open(config), TimeProvider.System, Logger.None);
        Task complete;
        Task<Task> third;
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            await stream.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The consumer is behind: page 2 (two lines, more than the queue holds) goes to the disk buffer and fills most of it.
            var second = await writer.EnqueueAsync("s", Page(2, 600 * 1024));
            Assert.True(second.IsCompletedSuccessfully);
            // Page 3 does not fit beside it: its append waits for the writer to drain page 2.
            third = writer.EnqueueAsync("s", Page(3, 600 * 1024));
            Assert.False(third.IsCompleted);
            complete = writer.CompleteAsync(drainDisk: false);
        }
        finally
        {
            stream.Release.Set(); // the consumer reads again
        }
        // Bounds a deadlock only: it ends as soon as the writer has made room and page 3 is appended.
        await complete.WaitAsync(TimeSpan.FromSeconds(60));
        await await third; // acknowledged: it is on disk
        await writer.DisposeAsync();
        Assert.Contains("{\"n\":2,", stream.Text());
        // Page 3 was acknowledged on disk: the next start writes it first.
        using var reopened = DiskBuffer.Open(config);
        var buffer = new byte[64 * 1024];
        long skip = 0;
        var text = new StringBuilder();
        int n;
        while ((n = reopened.Read(ref buffer, ref skip)) > 0) text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        Assert.StartsWith("{\"n\":3,", text.ToString());
        Assert.DoesNotContain("{\"n\":2,", text.ToString());
    }

    // Holds the writer in its first write until released, then fails it as a broken pipe would.
    private sealed class BrokenPipeSink : ILineSink
    {
        public ManualResetEventSlim Release { get; } = new();

        public TaskCompletionSource InWrite { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "broken pipe";

        public void Write(ReadOnlySpan<byte> lines)
        {
            InWrite.TrySetResult();
            Release.Wait();
            throw new IOException("Broken pipe");
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

    // The consumer of stdout exits while a page waits for room on disk: the writer that could have made
    // room is gone, so the page waited for ever, its source never stopped, and helr never exited with
    // "output failed" as a broken pipe otherwise does.
    [Fact]
    public async Task A_broken_pipe_while_a_page_waits_for_room_on_disk_fails_that_page()
    {
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 1 };
        var sink = new BrokenPipeSink();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 1, Sync = false };
        var disk = DiskBuffer.Open(config);
        var writer = new OutputWriter(sink, limits, disk, TimeProvider.System, Logger.None);
        Task<Task> third;
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            await sink.InWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var second = await writer.EnqueueAsync("s", Page(2, 600 * 1024));
            Assert.True(second.IsCompletedSuccessfully);
            third = writer.EnqueueAsync("s", Page(3, 600 * 1024));
            await disk.WaitedForRoom.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(third.IsCompleted);
        }
        finally
        {
            sink.Release.Set(); // the write fails: EPIPE
        }
        // Bounds a deadlock only: the page fails as soon as its append stops waiting.
        await Assert.ThrowsAsync<OutputFailedException>(async () => await await third.WaitAsync(TimeSpan.FromSeconds(60)));
        await writer.CompleteAsync(drainDisk: false).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.IsType<IOException>(writer.Failure);
        await writer.DisposeAsync();
        // Page 3 never reached the disk: its source fetches it again, and the next start does not write it.
        using var reopened = DiskBuffer.Open(config);
        var buffer = new byte[64 * 1024];
        long skip = 0;
        var text = new StringBuilder();
        int n;
        while ((n = reopened.Read(ref buffer, ref skip)) > 0) text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        Assert.Contains("{\"n\":2,", text.ToString());
        Assert.DoesNotContain("{\"n\":3,", text.ToString());
    }

    // Two lines of about <bytes> bytes in all.
    private static byte[] Page(int n, int bytes)
    {
        var line = $"{{\"n\":{n},\"pad\":\"{new string('x', bytes / 2)}\"}}\n";
        return Encoding.UTF8.GetBytes(line + line);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
