using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>A failed append to the disk buffer fails the output and the page: it is never acknowledged as written.</summary>
public sealed class DiskSpillFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-spill-fail-" + Guid.NewGuid().ToString("N")[..8]);

    // .NET reports EFBIG (a file size limit, ulimit -f) from a write as ArgumentOutOfRangeException.
    private sealed class TooLargeSegment(string file) : FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16)
    {
        public override void Write(ReadOnlySpan<byte> buffer) =>
            throw new ArgumentOutOfRangeException("value", "Specified file length was too large for the file system.");
    }

    [Fact]
    public async Task A_file_too_large_for_the_disk_buffer_fails_the_page_and_the_output_instead_of_the_process()
    {
        var stream = new GatedStream();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.DiskBuffer, EventQueueSize = 2, Sync = false };
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };
        var writer = new OutputWriter(new StreamSink(stream, "test"), limits, DiskBuffer.Open(config, file => new TooLargeSegment(file)), TimeProvider.System, Logger.None);
        try
        {
            await writer.EnqueueAsync("s", "{\"n\":1}\n"u8.ToArray());
            await stream.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The writer is held in page 1, so page 2 does not fit in memory and goes to the disk, which refuses it.
            var page = "{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n"u8.ToArray();
            await Assert.ThrowsAsync<OutputFailedException>(() => writer.EnqueueAsync("s", page));
            Assert.IsType<IOException>(writer.Failure);
        }
        finally
        {
            stream.Release.Set();
            await writer.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
