using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>A source hands the output a rendered page and gets one acknowledgement back: written, dropped by policy, or failed.</summary>
public sealed class PageAcknowledgementTests
{
    private static PageLines Page(string text)
    {
        var page = new PageLines(64);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(page.GetSpan(bytes.Length));
        page.Advance(bytes.Length);
        return page;
    }

    [Fact]
    public async Task A_written_page_is_acknowledged_written_and_its_memory_returned()
    {
        var stream = new MemoryStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        var page = Page("{\"a\":1}\n");
        var receipt = await writer.SubmitAsync("s", page, CancellationToken.None);
        Assert.Equal(PageAck.Written, await receipt.Acknowledged);
        Assert.Equal(0, page.WrittenCount); // recycled: the output owns the buffer's lifetime
        Assert.Equal("{\"a\":1}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData(16L * 1024 * 1024)] // a byte budget: the hand-written queue
    [InlineData(0L)] // a line limit only: a bounded Channel (DropWrite)
    public async Task A_page_the_drop_policy_discards_is_acknowledged_dropped(long queueBytes)
    {
        var stream = new GatedStream();
        var limits = new OutputLimits
        {
            BackpressureEnabled = true, EventQueueSize = 1, QueueBytes = queueBytes, Strategy = BackpressureStrategy.Drop, DropPolicy = DropPolicy.NewestFirst, Sync = false,
        };
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), limits, null, TimeProvider.System, Logger.None);
        var first = await writer.SubmitAsync("s", Page("1\n"), CancellationToken.None);
        await stream.FirstWrite.Task; // the writer holds page 1; the queue is empty
        var second = await writer.SubmitAsync("s", Page("2\n"), CancellationToken.None);
        var third = await writer.SubmitAsync("s", Page("3\n"), CancellationToken.None); // queue full: newest_first drops it
        Assert.Equal(PageOutcome.Dropped, (await third.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        stream.Release.Set();
        Assert.Equal(PageOutcome.Written, (await first.Acknowledged).Outcome);
        Assert.Equal(PageOutcome.Written, (await second.Acknowledged).Outcome);
        Assert.Equal("1\n2\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task A_page_lost_to_a_broken_output_is_acknowledged_failed_and_kept()
    {
        var stream = new MemoryStream();
        var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        stream.Dispose(); // the consumer is gone
        var page = Page("lost\n");
        var receipt = await writer.SubmitAsync("s", page, CancellationToken.None);
        var ack = await receipt.Acknowledged;
        Assert.Equal(PageOutcome.Failed, ack.Outcome);
        Assert.IsType<OutputFailedException>(ack.Failure);
        Assert.Equal(5, page.WrittenCount); // a failed page may still be referenced: not recycled
    }
}
