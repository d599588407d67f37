using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// An append that fails partway (ENOSPC) must leave nothing that is written later: FileStream keeps the
/// bytes it could not write in its buffer and writes them when it is next flushed or closed. Those bytes
/// then either glued onto the next append's first line, or (written at close) came back at the next
/// start as lines of a page that had been acknowledged as failed.
/// </summary>
public sealed class DiskBufferFailedAppendTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "helr-disk-fail-" + Guid.NewGuid().ToString("N")[..8]);

    private DiskBufferConfig Config => new() { Path = Path.Combine(_dir, "buf"), SegmentSizeMb = 1, MaxSizeMb = 10 };

    // A segment whose armed write takes only its first bytes into the buffer and then fails, as a write
    // refused for lack of space leaves the buffer full of bytes the file does not have yet.
    private sealed class FailingSegment(string file) : FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16)
    {
        private int _failAt = -1;
        private int _taken;

        public void FailWrite(int nth, int taken) => (_failAt, _taken) = (nth, taken);

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_failAt < 0 || _failAt-- > 0)
            {
                base.Write(buffer);
                return;
            }
            base.Write(buffer[.._taken]);
            throw new IOException("No space left on device");
        }
    }

    private static ReadOnlyMemory<byte> Line(int n) => Encoding.UTF8.GetBytes($"{{\"n\":{n}}}\n");

    private static IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> Groups(params int[] pages) =>
        pages.Select(n => (IReadOnlyList<ReadOnlyMemory<byte>>)new[] { Line(n) }).ToList();

    private FailingSegment? _segment;

    private DiskBuffer OpenFailing() => DiskBuffer.Open(Config, file => _segment = new FailingSegment(file));

    [Fact]
    public void The_append_after_a_failed_one_is_not_glued_to_its_leftover_bytes()
    {
        using (var disk = OpenFailing())
        {
            disk.Append(Groups(1), CancellationToken.None);
            _segment!.FailWrite(0, taken: 5); // `{"n":` of line 2 stays in the buffer
            Assert.Throws<IOException>(() => disk.Append(Groups(2), CancellationToken.None));
            disk.Append(Groups(4), CancellationToken.None);
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n{\"n\":4}\n", DiskBufferTests.ReadAll(reopened));
    }

    [Fact]
    public void A_page_whose_append_failed_does_not_come_back_at_the_next_start()
    {
        using (var disk = OpenFailing())
        {
            disk.Append(Groups(1), CancellationToken.None);
            // Two pages in one append: page 2 and its commit mark are buffered, page 3 fails.
            _segment!.FailWrite(1, taken: 0);
            Assert.Throws<IOException>(() => disk.Append(Groups(2, 3), CancellationToken.None));
            // The output fails (both pages are acknowledged as failed, and fetched again); closing writes nothing more.
        }
        using var reopened = DiskBuffer.Open(Config);
        Assert.Equal("{\"n\":1}\n", DiskBufferTests.ReadAll(reopened));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
