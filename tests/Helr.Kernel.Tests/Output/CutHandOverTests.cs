using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A page whose hand-over is cut while it waits for room under block (a stop's deadline, poll_tick_secs)
/// is never acknowledged, so its source fetches it again. Its lines already queued were still written:
/// written twice. They are taken back now; the other pages' lines are written as before.
/// </summary>
public sealed class CutHandOverTests
{
    public static TheoryData<string> Queues => new() { "channel", "budget" };

    private static OutputLimits Limits(string queue) => new()
    {
        BackpressureEnabled = true, EventQueueSize = 2, QueueBytes = queue == "channel" ? 0 : 65536, Strategy = BackpressureStrategy.Block, Sync = false,
    };

    private static PageLines Page(string text)
    {
        var page = new PageLines(64);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(page.GetSpan(bytes.Length));
        page.Advance(bytes.Length);
        return page;
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public async Task The_queued_lines_of_a_page_whose_hand_over_is_cut_are_not_written(string queue)
    {
        var stream = new GatedStream();
        var limits = Limits(queue);
        Assert.Equal(queue == "channel", ChannelQueue.Serves(limits));
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), limits, null, TimeProvider.System, Logger.None);
        try
        {
            var first = await writer.SubmitAsync("s", Page("a\n"), CancellationToken.None);
            await stream.FirstWrite.Task; // the writer holds page a; the queue is empty
            // An empty hand-written queue takes a whole page: one line first, so the next page goes in line by line.
            var queued = queue == "budget" ? await writer.SubmitAsync("s", Page("x\n"), CancellationToken.None) : null;
            using var cut = new CancellationTokenSource();
            var handOver = writer.SubmitAsync("s", Page("b1\nb2\nb3\nb4\n"), cut.Token);
            Assert.True(SpinWait.SpinUntil(() => writer.UnderLoad, TimeSpan.FromSeconds(30)), "the page never waited for room");
            Assert.False(handOver.IsCompleted);
            cut.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handOver);
            var handingOver = writer.SubmitAsync("s", Page("c\n"), CancellationToken.None); // waits for room while the cut page's lines hold it
            stream.Release.Set();
            var next = await handingOver.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(PageOutcome.Written, (await next.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
            Assert.Equal(PageOutcome.Written, (await first.Acknowledged).Outcome);
            if (queued is not null) Assert.Equal(PageOutcome.Written, (await queued.Acknowledged).Outcome);
            await writer.CompleteAsync(drainDisk: true);
            Assert.Equal(queue == "budget" ? "a\nx\nc\n" : "a\nc\n", stream.Text());
        }
        finally
        {
            stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }

    [Theory]
    [MemberData(nameof(Queues))]
    public async Task A_page_handed_over_whole_before_the_cut_is_written_and_acknowledged(string queue)
    {
        var stream = new GatedStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), Limits(queue), null, TimeProvider.System, Logger.None);
        try
        {
            using var cut = new CancellationTokenSource();
            var page = await writer.SubmitAsync("s", Page("a\nb\n"), cut.Token);
            cut.Cancel();
            stream.Release.Set();
            Assert.Equal(PageOutcome.Written, (await page.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
            await writer.CompleteAsync(drainDisk: true);
            Assert.Equal("a\nb\n", stream.Text());
        }
        finally
        {
            stream.Release.Set();
        }
    }
}
