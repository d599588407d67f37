using System.Text;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// <c>global.backpressure</c> values the config accepts (it sets no upper bound) that are too large for
/// the units they are counted in: they must mean "never", not crash the run or turn into their opposite.
/// </summary>
public sealed class OutputLimitsTests
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
    public void A_queue_age_longer_than_a_TimeSpan_holds_is_no_age_limit()
    {
        var limits = OutputLimits.From(new BackpressureConfig { Enabled = true, MaxQueueAgeSecs = 1e15 });
        Assert.Null(limits.MaxQueueAge);
        Assert.Equal(TimeSpan.FromSeconds(90), OutputLimits.From(new BackpressureConfig { Enabled = true, MaxQueueAgeSecs = 90 }).MaxQueueAge);
    }

    [Fact]
    public async Task A_memory_threshold_too_large_to_count_in_bytes_is_never_reached()
    {
        var stream = new GatedStream();
        var telemetry = Telemetry.Create(Logger.None);
        // 10^13 MB: its byte count does not fit in a long.
        var limits = OutputLimits.From(new BackpressureConfig
        {
            Enabled = true, EventQueueSize = 100, StdoutBufferSize = 0, MemoryThresholdMb = 10_000_000_000_000, Strategy = BackpressureStrategy.Drop,
        }) with { Sync = false };
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), limits, null, TimeProvider.System, Logger.None, telemetry);
        var first = await writer.SubmitAsync("s", Page("1\n"), CancellationToken.None);
        await stream.FirstWrite.Task; // the writer holds page 1: pages 2 and 3 wait in the queue, far below its limits
        var second = await writer.SubmitAsync("s", Page("2\n"), CancellationToken.None);
        var third = await writer.SubmitAsync("s", Page("3\n"), CancellationToken.None);
        stream.Release.Set();
        foreach (var receipt in new[] { first, second, third })
            Assert.Equal(PageOutcome.Written, (await receipt.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        Assert.Empty(telemetry.Counters.AllDrops());
        Assert.Equal("1\n2\n3\n", stream.Text());
    }
}
