using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A line limit alone with block, oldest_first or newest_first is a bounded Channel's own behaviour; the
/// policies a Channel cannot express stay on the hand-written queue. Drops are counted and acknowledged
/// as on the hand-written queue.
/// </summary>
public sealed class ChannelQueueTests
{
    private static OutputLimits LinesOnly(BackpressureStrategy strategy, DropPolicy policy = DropPolicy.OldestFirst) => new()
    {
        BackpressureEnabled = true, EventQueueSize = 1, QueueBytes = 0, Strategy = strategy, DropPolicy = policy, Sync = false,
    };

    private static PageLines Page(string text)
    {
        var page = new PageLines(64);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(page.GetSpan(bytes.Length));
        page.Advance(bytes.Length);
        return page;
    }

    [Fact]
    public void Only_a_line_limit_with_block_oldest_first_or_newest_first_goes_to_a_channel()
    {
        Assert.True(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Block)));
        Assert.True(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Drop, DropPolicy.OldestFirst)));
        Assert.True(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Drop, DropPolicy.NewestFirst)));
        Assert.False(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Drop, DropPolicy.Random)));
        Assert.False(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.DiskBuffer)));
        Assert.False(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Block) with { QueueBytes = 65536 }));
        Assert.False(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Block) with { MemoryThresholdBytes = 1 << 30 }));
        Assert.False(ChannelQueue.Serves(LinesOnly(BackpressureStrategy.Drop) with { MaxQueueAge = TimeSpan.FromSeconds(5) }));
        Assert.False(ChannelQueue.Serves(new OutputLimits())); // without backpressure: the fixed 8 MiB byte budget
    }

    [Fact]
    public async Task Oldest_first_drops_the_oldest_queued_line_counts_it_and_acknowledges_its_page_dropped()
    {
        var stream = new GatedStream();
        var telemetry = Telemetry.Create(Logger.None);
        var limits = LinesOnly(BackpressureStrategy.Drop) with { EventQueueSize = 2 };
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), limits, null, TimeProvider.System, Logger.None, telemetry);
        try
        {
            var first = await writer.SubmitAsync("s", Page("1\n"), CancellationToken.None);
            await stream.FirstWrite.Task; // the writer holds page 1; the queue is empty
            var second = await writer.SubmitAsync("s", Page("2\n"), CancellationToken.None);
            var third = await writer.SubmitAsync("s", Page("3\n"), CancellationToken.None);
            var fourth = await writer.SubmitAsync("s", Page("4\n"), CancellationToken.None); // queue full: oldest_first drops 2, not 3
            Assert.Equal(PageOutcome.Dropped, (await second.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
            Assert.True(writer.UnderLoad);
            stream.Release.Set();
            foreach (var page in new[] { first, third, fourth }) Assert.Equal(PageOutcome.Written, (await page.Acknowledged).Outcome);
            Assert.Equal("1\n3\n4\n", stream.Text());
            Assert.Equal([("s", "backpressure", 1L)], telemetry.Counters.AllDrops());
        }
        finally
        {
            stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }

    [Fact]
    public async Task Block_waits_for_a_stalled_consumer_and_loses_nothing()
    {
        var stream = new GatedStream();
        var telemetry = Telemetry.Create(Logger.None);
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), LinesOnly(BackpressureStrategy.Block), null, TimeProvider.System, Logger.None, telemetry);
        try
        {
            var first = await writer.SubmitAsync("s", Page("1\n"), CancellationToken.None);
            await stream.FirstWrite.Task;
            var second = await writer.SubmitAsync("s", Page("2\n"), CancellationToken.None); // fills the one-line queue
            var third = writer.SubmitAsync("s", Page("3\n"), CancellationToken.None);
            Assert.False(third.IsCompleted); // the producer waits for room while the consumer is stalled
            Assert.True(writer.UnderLoad);
            stream.Release.Set();
            var acks = new[] { await first.Acknowledged, await second.Acknowledged, await (await third).Acknowledged };
            Assert.All(acks, ack => Assert.Equal(PageOutcome.Written, ack.Outcome));
            Assert.Equal("1\n2\n3\n", stream.Text());
            Assert.Empty(telemetry.Counters.AllDrops());
        }
        finally
        {
            stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }
}
