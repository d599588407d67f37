using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

public sealed class DiskBufferTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-disk-" + Guid.NewGuid().ToString("N")[..8]);

    private DiskBufferConfig Config => new() { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };

    private static IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> Group(params string[] lines) =>
        new[] { (IReadOnlyList<ReadOnlyMemory<byte>>)new[] { (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))) } };

    /// <summary>Reads the buffer out as the writer does; DiskBufferFailedAppendTests reads with it too.</summary>
    internal static string ReadAll(DiskBuffer disk)
    {
        var buffer = new byte[16];
        var text = new StringBuilder();
        long skip = 0;
        int n;
        // As the writer does: each read is committed before the next (a read segment stays until then).
        while ((n = disk.Read(ref buffer, ref skip)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            disk.Commit();
        }
        return text.ToString();
    }

    [Fact]
    public void Reads_back_in_order_without_commit_marks_and_resumes_after_the_committed_position()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Group("{\"n\":1}", "{\"n\":2}"), CancellationToken.None);
            disk.Append(Group("{\"n\":3}"), CancellationToken.None);
            var buffer = new byte[10]; // smaller than a line: the reader grows it
            long skip = 0;
            var n = disk.Read(ref buffer, ref skip);
            Assert.Equal("{\"n\":1}\n", Encoding.UTF8.GetString(buffer, 0, n));
            disk.Commit();
        }
        using (var reopened = DiskBuffer.Open(Config))
        {
            Assert.Equal("{\"n\":2}\n{\"n\":3}\n", ReadAll(reopened));
        }
    }

    [Fact]
    public void A_torn_append_is_cut_off_at_the_last_commit_mark()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Group("{\"n\":1}"), CancellationToken.None);
        }
        var segment = Directory.GetFiles(_dir, "buf.0*").Single();
        File.AppendAllText(segment, "{\"n\":2}\n{\"n\":3"); // a crash in the middle of the next append
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n", ReadAll(reopened));
    }

    [Fact]
    public void Lines_read_but_not_yet_committed_survive_an_append_and_a_crash()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Group("{\"n\":1}", "{\"n\":2}"), CancellationToken.None);
            // The writer reads the whole segment; its write to the sink has not happened (or failed).
            var buffer = new byte[64];
            long skip = 0;
            Assert.Equal(16, disk.Read(ref buffer, ref skip));
            // Meanwhile the spiller appends the next page; the read segment must not go before the commit.
            disk.Append(Group("{\"n\":3}"), CancellationToken.None);
            // A crash (or a failed write): no Commit.
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", ReadAll(reopened));
    }

    [Fact]
    public void A_read_segment_stays_until_its_lines_are_committed_even_when_a_later_one_is_read_next()
    {
        var line = new string('x', 1000);
        var first = Enumerable.Range(0, 1100).Select(n => $"{{\"n\":{n},\"pad\":\"{line}\"}}").ToArray(); // over the 1 MB segment
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Group(first), CancellationToken.None);
            disk.Append(Group("{\"n\":\"next\"}"), CancellationToken.None); // a second segment
            var buffer = new byte[4 << 20];
            long skip = 0;
            Assert.True(disk.Read(ref buffer, ref skip) > 0); // all of the first segment, not yet written
            disk.Read(ref buffer, ref skip); // before its Commit: the first segment must not go
            // A crash (or a failed write): no Commit.
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal(string.Concat(first.Select(l => l + "\n")) + "{\"n\":\"next\"}\n", ReadAll(reopened));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
