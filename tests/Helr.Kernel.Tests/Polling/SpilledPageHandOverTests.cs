using System.Text;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>
/// A spilled page goes to the real output in parts; whatever happens, its receipt completes (never
/// faults, as every receipt's), and a failure stops the hand-over and is said once.
/// </summary>
public sealed class SpilledPageHandOverTests : IDisposable
{
    private const int PartBytes = 256;
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-handover-test-").FullName;
    private readonly SpoolFiles _files;

    public SpilledPageHandOverTests() => _files = new SpoolFiles(() => _dir);

    [Fact]
    public async Task A_page_handed_over_one_part_at_a_time_is_written_whole_and_in_order()
    {
        var stream = new MemoryStream();
        var failed = 0;
        string expected;
        await using (var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None))
        {
            var (spool, lines) = Spilled();
            expected = lines;
            var handOver = SpilledPageHandOver.Start(writer, "s", spool, PartBytes, () => failed++, CancellationToken.None);
            Assert.Equal(PageAck.Written, await handOver.Receipt.Acknowledged);
            await handOver.Submitted;
        }
        Assert.Equal(expected, Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(0, failed);
    }

    [Fact]
    public async Task A_submit_that_throws_gives_a_failed_receipt_not_a_faulted_one()
    {
        var stream = new MemoryStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        stream.Dispose();
        // The output fails on an earlier page: every submit after that throws.
        var earlier = new PageLines(64);
        Encoding.UTF8.GetBytes("lost\n").CopyTo(earlier.GetSpan(5));
        earlier.Advance(5);
        Assert.Equal(PageOutcome.Failed, (await (await writer.SubmitAsync("s", earlier, CancellationToken.None)).Acknowledged).Outcome);
        var failed = 0;

        var handOver = SpilledPageHandOver.Start(writer, "s", Spilled().Spool, 4 * PartBytes, () => failed++, CancellationToken.None);

        var ack = await handOver.Receipt.Acknowledged;
        Assert.Equal(PageOutcome.Failed, ack.Outcome);
        Assert.IsType<OutputFailedException>(ack.Failure);
        await Assert.ThrowsAsync<OutputFailedException>(() => handOver.Submitted);
        Assert.Equal(1, failed);
    }

    [Fact]
    public async Task A_part_the_output_failed_ends_the_hand_over_failed()
    {
        var stream = new MemoryStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        stream.Dispose(); // the first part is admitted, and its write fails
        var failed = 0;

        // One part in the output at a time: the second waits for the first's (failed) acknowledgement.
        var handOver = SpilledPageHandOver.Start(writer, "s", Spilled().Spool, PartBytes, () => failed++, CancellationToken.None);

        var ack = await handOver.Receipt.Acknowledged;
        Assert.Equal(PageOutcome.Failed, ack.Outcome);
        Assert.IsType<OutputFailedException>(ack.Failure);
        await Assert.ThrowsAsync<OutputFailedException>(() => handOver.Submitted);
        Assert.Equal(1, failed);
    }

    // A page of a few KiB whose lines went to the spool file, so that it comes back in several parts.
    private (PageSpool Spool, string Lines) Spilled()
    {
        var spool = new PageSpool(100, PartBytes, _files);
        var text = new StringBuilder();
        for (var window = 0; window < 20; window++)
        {
            for (var i = 0; i < 5; i++)
            {
                var line = $"{{\"w\":{window},\"i\":{i},\"pad\":\"{new string('é', 20)}\"}}\n";
                var bytes = Encoding.UTF8.GetBytes(line);
                bytes.CopyTo(spool.Lines.GetSpan(bytes.Length));
                spool.Lines.Advance(bytes.Length);
                text.Append(line);
            }
            spool.AfterWindow();
        }
        Assert.True(spool.Spilled);
        return (spool, text.ToString());
    }

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
