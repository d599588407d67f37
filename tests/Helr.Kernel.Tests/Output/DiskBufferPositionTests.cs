using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// <c>&lt;path&gt;.pos</c> is saved through a temporary file renamed over it. On the full disk that made the
/// buffer spill in the first place, that save failed: the output failed with it (exit 1) after the lines were
/// written, and each restart wrote the same lines again and failed at the same save, never draining.
/// </summary>
public sealed class DiskBufferPositionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-disk-pos-" + Guid.NewGuid().ToString("N")[..8]);

    private DiskBufferConfig Config => new() { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };

    [Fact]
    public async Task A_drain_whose_position_cannot_be_saved_writes_every_line_once_and_carries_on()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append([[Encoding.UTF8.GetBytes("{\"n\":1}\n{\"n\":2}\n")], [Encoding.UTF8.GetBytes("{\"n\":3}\n")]], CancellationToken.None);
        }
        var leftover = DiskBuffer.Open(Config);
        // The temporary file cannot be made, as on a full disk (a folder in its place fails the same way for root).
        Directory.CreateDirectory(Config.Path + ".pos.tmp");
        var stream = new MemoryStream();
        var limits = new OutputLimits { BackpressureEnabled = true, Strategy = BackpressureStrategy.Block, Sync = false };
        var writer = new OutputWriter(new StreamSink(stream, "test"), limits, leftover, TimeProvider.System, Logger.None);
        await writer.WriteAsync("s", "{\"n\":4}\n"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(60));
        await writer.CompleteAsync(drainDisk: true).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(writer.Failure);
        await writer.DisposeAsync();
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":4}\n", Encoding.UTF8.GetString(stream.ToArray()));
        // Drained, its segment is gone: the unsaved position brings nothing back at the next start.
        Directory.Delete(Config.Path + ".pos.tmp");
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal(0, reopened.UnreadBytes);
    }

    // A position not saved is older than the lines written: a restart writes them again (at-least-once), never skips.
    [Fact]
    public void A_position_not_saved_repeats_lines_after_a_restart_and_skips_none()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append([[Encoding.UTF8.GetBytes("{\"n\":1}\n")], [Encoding.UTF8.GetBytes("{\"n\":2}\n")]], CancellationToken.None);
            var buffer = new byte[10];
            long skip = 0;
            var n = disk.Read(ref buffer, ref skip);
            Assert.Equal("{\"n\":1}\n", Encoding.UTF8.GetString(buffer, 0, n));
            disk.Commit();
            Directory.CreateDirectory(Config.Path + ".pos.tmp");
            n = disk.Read(ref buffer, ref skip);
            Assert.Equal("{\"n\":2}\n", Encoding.UTF8.GetString(buffer, 0, n));
            disk.Commit();
        }
        Directory.Delete(Config.Path + ".pos.tmp");
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":2}\n", DiskBufferTests.ReadAll(reopened));
    }

    // A save cut short (a full disk, a kill) or an adoption of upstream's spill files that failed part way left its
    // temporary file; nothing read or removed it, and each one kept its share of the disk.
    [Fact]
    public void Open_removes_the_temporary_files_an_earlier_run_left()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Config.Path + ".pos.tmp", "1 ");
        File.WriteAllText(Config.Path + ".0000000003.tmp", "{\"n\":1}\n");
        File.WriteAllText(Path.Combine(_dir, "other.pos.tmp"), "kept");
        using var disk = DiskBuffer.Open(Config);
        Assert.False(File.Exists(Config.Path + ".pos.tmp"));
        Assert.False(File.Exists(Config.Path + ".0000000003.tmp"));
        Assert.True(File.Exists(Path.Combine(_dir, "other.pos.tmp")));
        Assert.Equal(0, disk.UnreadBytes);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
