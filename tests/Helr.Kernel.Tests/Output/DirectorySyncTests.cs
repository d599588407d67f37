using System.Collections.Concurrent;
using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A file's fdatasync does not make its name durable: a file created or renamed since the folder was
/// last synced may be gone after a power loss (POSIX). Lines acknowledged after a sync must not depend
/// on such a name, so the folder is synced with the first sync that follows a change of its names.
/// </summary>
public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-dirsync-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentQueue<string> _synced = new();

    public DirectorySyncTests()
    {
        Directory.CreateDirectory(_dir);
        DirectoryEntries.Synced += OnSynced;
    }

    // Other tests sync folders of their own meanwhile: only this test's folder counts.
    private int Syncs => _synced.Count(f => f == _dir);

    // This test's folder and those under it; the whole queue also counts other tests' (5 became 7 under load).
    private int OwnSyncs => _synced.Count(f => f == _dir || f.StartsWith(_dir + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private void OnSynced(string folder) => _synced.Enqueue(folder);

    private static byte[] Lines(int count, int width) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i => new string('x', width) + "\n")));

    [SkippableFact]
    public void A_file_sink_syncs_its_folder_after_creating_the_file_and_after_each_rotation()
    {
        Skip.IfNot(LinuxFile.Supported, "folders are synced on Linux only");
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        using var sink = new FileSink(Path.Combine(_dir, "events.ndjson"), RotationPolicy.Parse("size:1"), time);
        sink.Write(Lines(1, 100));
        Assert.Equal(0, Syncs); // not before the sync that acknowledges the lines
        sink.Sync();
        Assert.Equal(1, Syncs);
        sink.Write(Lines(1, 100));
        sink.Sync();
        Assert.Equal(1, Syncs); // no name changed since
        sink.Write(Lines(3, 400 * 1024)); // past 1 MB: renamed, and a new file made
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
        sink.Sync();
        Assert.Equal(2, Syncs);
    }

    // A first run with --output /var/log/helr/events.ndjson creates /var/log/helr: the entry of each new
    // folder lives in its parent, and lines acknowledged must not hang on an entry a power loss can undo.
    [SkippableFact]
    public void A_file_sink_syncs_the_parents_of_the_folders_it_created_before_its_first_lines_count()
    {
        Skip.IfNot(LinuxFile.Supported, "folders are synced on Linux only");
        var inner = Path.Combine(_dir, "a", "b");
        using var sink = new FileSink(Path.Combine(inner, "events.ndjson"), null, TimeProvider.System);
        sink.Write(Lines(1, 100));
        sink.Sync();
        Assert.Equal(1, Syncs); // _dir, which holds the new folder a
        Assert.Contains(Path.Combine(_dir, "a"), _synced); // which holds the new folder b
        Assert.Contains(inner, _synced); // which holds the new file
        var before = OwnSyncs;
        AnotherTestSyncsItsFolder();
        sink.Write(Lines(1, 100));
        sink.Sync();
        Assert.Equal(before, OwnSyncs); // nothing created since
    }

    [SkippableFact]
    public void A_disk_buffer_append_that_starts_a_segment_syncs_the_folder_before_it_returns()
    {
        Skip.IfNot(LinuxFile.Supported, "folders are synced on Linux only");
        var config = new DiskBufferConfig { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };
        using var disk = DiskBuffer.Open(config);
        Assert.Equal(0, Syncs);
        disk.Append(Group(Lines(1, 100)), CancellationToken.None);
        Assert.Equal(1, Syncs);
        disk.Append(Group(Lines(3, 400 * 1024)), CancellationToken.None); // same segment, which passes 1 MB
        Assert.Equal(1, Syncs);
        disk.Append(Group(Lines(1, 100)), CancellationToken.None); // a new segment
        Assert.Equal(2, Syncs);
    }

    [SkippableFact]
    public void A_disk_buffer_syncs_the_parents_of_the_folders_it_created_before_its_first_append_returns()
    {
        Skip.IfNot(LinuxFile.Supported, "folders are synced on Linux only");
        var inner = Path.Combine(_dir, "spool", "helr");
        using var disk = DiskBuffer.Open(new DiskBufferConfig { Path = Path.Combine(inner, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 });
        disk.Append(Group(Lines(1, 100)), CancellationToken.None);
        Assert.Equal(1, Syncs); // _dir, which holds the new folder spool
        Assert.Contains(Path.Combine(_dir, "spool"), _synced); // which holds the new folder helr
        Assert.Contains(inner, _synced); // which holds the new segment
        var before = OwnSyncs;
        AnotherTestSyncsItsFolder();
        disk.Append(Group(Lines(1, 100)), CancellationToken.None);
        Assert.Equal(before, OwnSyncs); // nothing created since
    }

    // Tests run in parallel and DirectoryEntries.Synced is static: what one of them syncs while this test
    // counts reaches this test's handler too. Done here on purpose, so the count is shown to ignore it.
    private static void AnotherTestSyncsItsFolder()
    {
        var elsewhere = DirectoryEntries.Create(Path.Combine(Path.GetTempPath(), "helr-dirsync-other-" + Guid.NewGuid().ToString("N")[..8]));
        elsewhere.Changed();
        elsewhere.SyncIfChanged();
        Directory.Delete(elsewhere.Folder);
    }

    private static IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> Group(byte[] lines) =>
        new[] { (IReadOnlyList<ReadOnlyMemory<byte>>)new[] { (ReadOnlyMemory<byte>)lines } };

    public void Dispose()
    {
        DirectoryEntries.Synced -= OnSynced;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
