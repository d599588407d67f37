using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A shipper that stops reading stdout held the writer in one write(2) for ever: no page was checkpointed
/// and, without backpressure enabled or with a quiet source, nothing at all was logged (a shutdown then
/// hung in silence too). A write blocked for a minute is now logged, and so is its end.
/// </summary>
public sealed class StalledWriteTests
{
    [Fact]
    public async Task A_write_blocked_for_a_minute_is_logged_and_so_is_its_end()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var lines = new LogLines();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(lines).CreateLogger();
        var stream = new GatedStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "stdout"), new OutputLimits(), null, time, log, Telemetry.Create(log, time));

        var page = await writer.EnqueueAsync("s", "{\"a\":1}\n"u8.ToArray());
        try
        {
            await stream.FirstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 0; i < 11; i++) time.Advance(TimeSpan.FromSeconds(5));
            Assert.DoesNotContain("blocked", lines.Text);

            time.Advance(TimeSpan.FromSeconds(5));
            Assert.Contains("Warning: output to stdout has been blocked in one write for 60 s", lines.WithLevels);

            time.Advance(TimeSpan.FromSeconds(10));
        }
        finally
        {
            // The writer is disposed at the end: it waits for this write.
            stream.Release.Set();
        }
        await page.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Information: output to stdout took the write it was blocked in after 70 s", lines.WithLevels);
        Assert.Single(lines.Text.Split('\n'), l => l.Contains("has been blocked"));
    }

    [Fact]
    public async Task Writes_that_return_are_not_reported()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
        var lines = new LogLines();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(lines).CreateLogger();
        var stream = new MemoryStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "stdout"), new OutputLimits(), null, time, log, Telemetry.Create(log, time));

        await writer.WriteAsync("s", "{\"a\":1}\n"u8.ToArray());
        for (var i = 0; i < 30; i++) time.Advance(TimeSpan.FromSeconds(5));
        await writer.WriteAsync("s", "{\"a\":2}\n"u8.ToArray());

        Assert.DoesNotContain("blocked", lines.Text);
    }
}
