using System.Text;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

public sealed class FileSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-filesink-" + Guid.NewGuid().ToString("N")[..8]);

    private string Live => Path.Combine(_dir, "events.ndjson");

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    [Fact]
    public void Daily_rotation_names_the_file_after_the_day_of_its_lines()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 23, 59, 0, TimeSpan.Zero));
        using (var sink = new FileSink(Live, RotationPolicy.Parse("daily"), time))
        {
            sink.Write(Lines("{\"day\":1}"));
            time.Advance(TimeSpan.FromMinutes(2));
            sink.Write(Lines("{\"day\":2}"));
            sink.Flush();
        }
        Assert.Equal("{\"day\":1}\n", File.ReadAllText(Path.Combine(_dir, "events.2024-05-01.ndjson")));
        Assert.Equal("{\"day\":2}\n", File.ReadAllText(Live));
    }

    [Fact]
    public void Size_rotation_in_the_same_second_never_overwrites_and_never_splits_a_line()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        var line = new string('x', 400 * 1024);
        using (var sink = new FileSink(Live, RotationPolicy.Parse("size:1"), time))
        {
            sink.Write(Lines(line, line, line, line, line, line, line));
            sink.Flush();
        }
        var files = Directory.GetFiles(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "events.2024-05-01T12-00-00.1.ndjson", "events.2024-05-01T12-00-00.2.ndjson", "events.2024-05-01T12-00-00.ndjson", "events.ndjson" }, files);
        var all = Directory.GetFiles(_dir).Select(File.ReadAllText).ToList();
        Assert.All(all, text => Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal(line, l)));
        Assert.Equal(7, all.Sum(t => t.Count(c => c == '\n')));
        Assert.All(Directory.GetFiles(_dir), f => Assert.True(new FileInfo(f).Length <= 1024 * 1024));
    }

    // With a fragment at its end too: cutting it off touches the file, whose day is still that of its lines.
    [Theory]
    [InlineData("{\"old\":true}\n")]
    [InlineData("{\"old\":true}\n{\"torn")]
    public void A_file_from_an_earlier_day_is_rotated_under_its_day_at_the_first_write(string left)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Live, left);
        File.SetLastWriteTimeUtc(Live, new DateTime(2024, 4, 30, 10, 0, 0, DateTimeKind.Utc));
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 2, 8, 0, 0, TimeSpan.Zero));
        using (var sink = new FileSink(Live, RotationPolicy.Parse("daily"), time))
        {
            sink.Write(Lines("{\"new\":true}"));
        }
        Assert.Equal("{\"old\":true}\n", File.ReadAllText(Path.Combine(_dir, "events.2024-04-30.ndjson")));
        Assert.Equal("{\"new\":true}\n", File.ReadAllText(Live));
    }

    [Fact]
    public void A_vectored_batch_is_appended_in_order_after_what_the_file_held()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Live, "{\"old\":1}\n{\"cut"); // ends in a fragment: cut off before appending
        var page = Lines("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        var second = Lines("{\"n\":4}");
        using (var sink = new FileSink(Live, null, TimeProvider.System))
        {
            sink.Write(new ReadOnlyMemory<byte>[] { page.AsMemory(0, 16), page.AsMemory(16), second });
            sink.Write(Lines("{\"n\":5}"));
            sink.Write(new ReadOnlyMemory<byte>[] { Lines("{\"n\":6}") });
        }
        Assert.Equal("{\"old\":1}\n" + string.Concat(Enumerable.Range(1, 6).Select(n => $"{{\"n\":{n}}}\n")), File.ReadAllText(Live));
    }

    [Theory]
    [InlineData(" Daily ", true, 0)]
    [InlineData("SIZE:5", false, 5L * 1024 * 1024)]
    public void Parses_rotation_policies(string text, bool daily, long bytes)
    {
        var policy = RotationPolicy.Parse(text);
        Assert.Equal(daily, policy.Daily);
        Assert.Equal(bytes, policy.MaxBytes);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
