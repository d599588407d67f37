using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// What a SIGKILL leaves in the disk buffer's files, and what the next start makes of it (docs/output.md,
/// disk_buffer): appends are cut back to their last commit mark, nothing acknowledged is dropped, and the
/// next append never lands behind a torn one.
/// </summary>
public sealed class DiskBufferCrashTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-disk-crash-" + Guid.NewGuid().ToString("N")[..8]);

    private DiskBufferConfig Config => new() { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };

    private static IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> Pages(params int[] pages) =>
        pages.Select(n => (IReadOnlyList<ReadOnlyMemory<byte>>)new[] { (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"n\":{n}}}\n") }).ToList();

    private string[] Segments() => Directory.GetFiles(_dir, "buf.0*").Order(StringComparer.Ordinal).ToArray();

    // A kill inside one append of several pages (the spiller's batch) can leave the pages written before it
    // with their marks: they were never acknowledged, so their sources fetch them again, and they come out
    // twice (docs/output.md, at-least-once). A page is never kept in part, and the next append starts clean.
    [Fact]
    public void A_kill_inside_an_append_of_several_pages_keeps_whole_pages_only_and_the_next_append_is_not_glued_to_it()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Pages(1), CancellationToken.None);
        }
        File.AppendAllText(Segments().Single(), "{\"n\":2}\n\n{\"n\":3}\n\n{\"n\":4"); // pages 2 and 3 out, page 4 torn: no fsync, no acknowledgement
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Pages(5), CancellationToken.None);
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":5}\n", DiskBufferTests.ReadAll(reopened));
    }

    // The kill came right after a new segment was started: it holds only a torn line. The lines before it, in the
    // earlier segment, and the read position in that segment must survive, and the empty segment must not stop the reader.
    [Fact]
    public void A_torn_first_append_in_a_new_segment_leaves_the_earlier_segment_and_the_position_alone()
    {
        var line = new string('x', 1000);
        var first = Enumerable.Range(0, 1100).Select(n => $"{{\"n\":{n},\"pad\":\"{line}\"}}\n").ToArray(); // over the 1 MB segment
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append([[Encoding.UTF8.GetBytes(first[0])]], CancellationToken.None);
            disk.Append([[Encoding.UTF8.GetBytes(string.Concat(first.Skip(1)))]], CancellationToken.None);
            var buffer = new byte[64];
            long skip = 0;
            var n = disk.Read(ref buffer, ref skip);
            Assert.Equal(first[0], Encoding.UTF8.GetString(buffer, 0, n));
            disk.Commit();
        }
        var next = Path.Combine(_dir, "buf.0000000002");
        File.WriteAllText(next, "{\"n\":\"torn"); // the kill: the new segment has a torn line and no mark
        using (var disk = DiskBuffer.Open(Config))
        {
            Assert.Equal(0, new FileInfo(next).Length);
            disk.Append(Pages(7), CancellationToken.None);
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal(string.Concat(first.Skip(1)) + "{\"n\":7}\n", DiskBufferTests.ReadAll(reopened));
    }

    // A .pos that is not ours (a hand edit, a torn write on a file system without atomic rename) is read as
    // "nothing written yet": the buffer's lines come out again (duplicates) rather than being skipped (a loss).
    [Fact]
    public void An_unreadable_position_file_writes_the_buffer_again_rather_than_skipping_any_of_it()
    {
        using (var disk = DiskBuffer.Open(Config))
        {
            disk.Append(Pages(1, 2, 3), CancellationToken.None);
            var buffer = new byte[10]; // line 1 only
            long skip = 0;
            Assert.Equal(8, disk.Read(ref buffer, ref skip));
            disk.Commit();
        }
        File.WriteAllText(Path.Combine(_dir, "buf.pos"), "seq=1 offset=8\n");
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n", DiskBufferTests.ReadAll(reopened));
    }

    // Upstream Helr spills to <path> itself, rotated to <path>.old, and writes both out (.old first) at its next
    // start; its state layout is ours, so an upgrade resumes its sources past the pages it spilled. Helr read only
    // its own <path>.NNNNNNNNNN files, so the lines upstream had acknowledged on disk were never written.
    [Fact]
    public void Lines_upstreams_spill_files_left_are_read_first_and_the_files_removed()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "buf");
        File.WriteAllText(path + ".old", "{\"n\":1}\n\n{\"n\":2}\n"); // upstream skips blank lines
        File.WriteAllText(path, "{\"n\":3}\n{\"n\":4"); // a torn last line: its append was never acknowledged
        using (var disk = DiskBuffer.Open(Config))
        {
            Assert.False(File.Exists(path) || File.Exists(path + ".old"), "upstream's files are still there");
            disk.Append(Pages(5), CancellationToken.None);
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n{\"n\":5}\n", DiskBufferTests.ReadAll(reopened));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
