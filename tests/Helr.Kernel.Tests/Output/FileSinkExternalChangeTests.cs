using System.Text;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>What a <c>--output</c> file gets when something else truncates, moves or deletes it while Helr writes (logrotate).</summary>
public sealed class FileSinkExternalChangeTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-filesink-ext-" + Guid.NewGuid().ToString("N")[..8]);

    private string Live => Path.Combine(_dir, "events.ndjson");

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    // logrotate's copytruncate (or `: > events.ndjson`): the next line goes to the start of the emptied
    // file, not after a hole of NUL bytes as long as what the file held.
    [Theory]
    [InlineData(null)]
    [InlineData("size:1")]
    [InlineData("daily")]
    public void A_file_truncated_under_it_gets_the_next_lines_at_its_start(string? rotate)
    {
        var policy = rotate is null ? null : RotationPolicy.Parse(rotate);
        using (var sink = new FileSink(Live, policy, TimeProvider.System))
        {
            sink.Write(Lines("{\"n\":1}", "{\"n\":2}"));
            sink.Sync();
            using (var other = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) other.SetLength(0);
            sink.Write(new ReadOnlyMemory<byte>[] { Lines("{\"n\":3}") });
            sink.Write(Lines("{\"n\":4}"));
            sink.Sync();
        }
        Assert.Equal("{\"n\":3}\n{\"n\":4}\n", File.ReadAllText(Live));
    }

    // After copytruncate the file holds only what came since: size:1 rotated it once the lines written
    // before the truncation and after it added up to 1 MB, a daily one renamed the emptied file.
    [Theory]
    [InlineData("size:1")]
    [InlineData("daily")]
    public void A_file_truncated_under_it_is_rotated_by_what_it_holds_not_by_what_it_held(string rotate)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var line = new string('x', 400 * 1024);
        using (var sink = new FileSink(Live, RotationPolicy.Parse(rotate), time))
        {
            sink.Write(Lines(line, line));
            sink.Sync();
            using (var other = new FileStream(Live, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) other.SetLength(0);
            time.Advance(TimeSpan.FromDays(1));
            sink.Write(Lines(line));
            sink.Write(Lines(line));
            sink.Sync();
        }
        Assert.Equal(new[] { "events.ndjson" }, Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Equal(2 * (line.Length + 1), new FileInfo(Live).Length);
    }

    // logrotate without copytruncate moves the file away, creates an empty one (or not) and may compress
    // and delete the moved file: lines written to it after that went to a file the shipper no longer
    // reads, or to none at all, though they were acknowledged. They go to the file at the path now.
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_file_moved_away_or_deleted_under_it_is_replaced_by_a_new_file_at_its_path(bool deleted, bool created)
    {
        using (var sink = new FileSink(Live, null, TimeProvider.System))
        {
            sink.Write(Lines("{\"n\":1}"));
            sink.Sync();
            if (deleted) File.Delete(Live);
            else File.Move(Live, Live + ".1");
            if (created) File.WriteAllText(Live, "");
            sink.Write(new ReadOnlyMemory<byte>[] { Lines("{\"n\":2}") });
            sink.Write(Lines("{\"n\":3}"));
            sink.Sync();
        }
        Assert.Equal("{\"n\":2}\n{\"n\":3}\n", File.ReadAllText(Live));
        if (!deleted) Assert.Equal("{\"n\":1}\n", File.ReadAllText(Live + ".1"));
    }

    // The output's folder removed or moved away with the file (rm -rf /var/log/helr, a folder-level rotation): the
    // reopen failed with "Could not find a part of the path" and the output with it (exit 1), though a start
    // creates missing folders. The folders are made again, as at start, and the lines go to the file at the path.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_whose_folder_was_removed_or_moved_under_it_is_written_to_its_path_in_a_new_folder(bool moved)
    {
        var live = Path.Combine(_dir, "logs", "events.ndjson");
        using (var sink = new FileSink(live, RotationPolicy.Parse("daily"), TimeProvider.System))
        {
            sink.Write(Lines("{\"n\":1}"));
            sink.Sync();
            if (moved) Directory.Move(Path.Combine(_dir, "logs"), Path.Combine(_dir, "logs.1"));
            else Directory.Delete(Path.Combine(_dir, "logs"), recursive: true);
            sink.Write(Lines("{\"n\":2}"));
            sink.Sync();
        }
        Assert.Equal("{\"n\":2}\n", File.ReadAllText(live));
        if (moved) Assert.Equal("{\"n\":1}\n", File.ReadAllText(Path.Combine(_dir, "logs.1", "events.ndjson")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
