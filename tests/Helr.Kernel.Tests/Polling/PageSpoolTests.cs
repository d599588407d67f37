using System.Text;
using Helr.Kernel.Polling;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>A page's spool gives back exactly the lines written into it, in parts cut at line ends, and leaves no file.</summary>
public sealed class PageSpoolTests
{
    [Theory]
    [InlineData(1 << 20, 4096)]  // never spills: one part
    [InlineData(1000, 4096)]     // spills, parts of about 4 KiB
    [InlineData(1000, 64)]       // parts shorter than some lines
    public void Parts_are_the_lines_written_cut_at_line_ends(int memoryBytes, int partBytes)
    {
        var dir = Directory.CreateTempSubdirectory("helr-spool-test-").FullName;
        try
        {
            var expected = new StringBuilder();
            using var files = new SpoolFiles(() => dir);
            using var spool = new PageSpool(memoryBytes, partBytes, files);
            for (var window = 0; window < 40; window++)
            {
                for (var i = 0; i < 7; i++)
                {
                    var line = $"{{\"w\":{window},\"i\":{i},\"pad\":\"{new string('é', (window * 7 + i) % 150)}\"}}\n";
                    var bytes = Encoding.UTF8.GetBytes(line);
                    bytes.CopyTo(spool.Lines.GetSpan(bytes.Length));
                    spool.Lines.Advance(bytes.Length);
                    expected.Append(line);
                }
                spool.AfterWindow();
                // Created and unlinked at once: nothing to see even while the page is open.
                Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
            }
            Assert.Equal(memoryBytes < expected.Length, spool.Spilled);
            var parts = spool.Parts().Select(p => Encoding.UTF8.GetString(p.WrittenSpan)).ToList();
            Assert.Equal(expected.ToString(), string.Concat(parts));
            Assert.All(parts.Where(p => p.Length > 0), p => Assert.EndsWith("\n", p));
            if (spool.Spilled) Assert.True(parts.Count > 2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_reused_file_gives_back_only_the_bytes_of_its_latest_page()
    {
        var dir = Directory.CreateTempSubdirectory("helr-spool-test-").FullName;
        try
        {
            using var files = new SpoolFiles(() => dir);
            // Pages one and three share a file: the third is shorter and must not end with the first's tail.
            var pages = new[] { 300, 40, 25 }.Select(n => string.Concat(Enumerable.Range(0, n).Select(i => $"{{\"p\":{n},\"i\":{i}}}\n"))).ToList();
            foreach (var page in pages)
            {
                using var spool = new PageSpool(64, 256, files);
                var bytes = Encoding.UTF8.GetBytes(page);
                bytes.CopyTo(spool.Lines.GetSpan(bytes.Length));
                spool.Lines.Advance(bytes.Length);
                spool.AfterWindow();
                Assert.True(spool.Spilled);
                Assert.Equal(page, string.Concat(spool.Parts().Select(p => Encoding.UTF8.GetString(p.WrittenSpan))));
            }
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_page_after_a_discarded_spill_does_not_spill_into_the_file_the_page_before_is_read_from()
    {
        var dir = Directory.CreateTempSubdirectory("helr-spool-test-").FullName;
        try
        {
            using var files = new SpoolFiles(() => dir);
            // The first page is still being handed over (its spool not yet disposed) when the next page
            // spills and is discarded (a retried read, a skipped page), and the one after spills.
            using var handedOver = Spill(files, "first", 300);
            Spill(files, "discarded", 200).Dispose();
            using var after = Spill(files, "after", 200);
            Assert.Equal(Lines("first", 300), string.Concat(handedOver.Parts().Select(p => Encoding.UTF8.GetString(p.WrittenSpan))));
            Assert.Equal(Lines("after", 200), string.Concat(after.Parts().Select(p => Encoding.UTF8.GetString(p.WrittenSpan))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Lines(string page, int count) => string.Concat(Enumerable.Range(0, count).Select(i => $"{{\"p\":\"{page}\",\"i\":{i}}}\n"));

    private static PageSpool Spill(SpoolFiles files, string page, int count)
    {
        var spool = new PageSpool(64, 256, files);
        var bytes = Encoding.UTF8.GetBytes(Lines(page, count));
        bytes.CopyTo(spool.Lines.GetSpan(bytes.Length));
        spool.Lines.Advance(bytes.Length);
        spool.AfterWindow();
        Assert.True(spool.Spilled);
        return spool;
    }
}
