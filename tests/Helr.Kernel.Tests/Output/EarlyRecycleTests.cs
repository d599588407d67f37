using Helr.Kernel.Output;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// A page's rendered lines go back to the pool once every line is written, before the sync that
/// acknowledges the page, and never while a line of it still waits to be written.
/// </summary>
public sealed class EarlyRecycleTests
{
    /// <summary>Holds the writer in <see cref="Sync"/>, or in its <see cref="HoldWrite"/>-th write, until released.</summary>
    private sealed class HoldingSink : ILineSink
    {
        private int _writes;

        public int HoldWrite { get; init; }

        public bool HoldSync { get; init; }

        /// <summary>The write that fails (as EPIPE would), 0 for none.</summary>
        public int FailWrite { get; init; }

        public int Syncs { get; private set; }

        public ManualResetEventSlim Release { get; } = new(false);

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MemoryStream Written { get; } = new();

        public string Description => "holding";

        public void Write(ReadOnlySpan<byte> lines)
        {
            if (++_writes == HoldWrite) Hold();
            if (_writes == FailWrite) throw new IOException("Broken pipe");
            lock (Written) Written.Write(lines);
        }

        public void Flush()
        {
        }

        public void Sync()
        {
            Syncs++;
            if (HoldSync) Hold();
        }

        public void Dispose()
        {
        }

        private void Hold()
        {
            Held.TrySetResult();
            Release.Wait();
        }
    }

    private static PageLines Page(int lines, int lineBytes)
    {
        var page = new PageLines(lines * lineBytes, lines);
        for (var i = 0; i < lines; i++)
        {
            var span = page.GetSpan(lineBytes);
            span[..(lineBytes - 1)].Fill((byte)('a' + i % 26));
            span[lineBytes - 1] = (byte)'\n';
            page.Advance(lineBytes);
            page.EndLine();
        }
        return page;
    }

    [Fact]
    public async Task A_page_written_in_full_gives_its_memory_back_while_its_sync_runs()
    {
        var sink = new HoldingSink { HoldSync = true };
        await using var writer = new OutputWriter(sink, new OutputLimits(), null, TimeProvider.System, Logger.None);
        var page = Page(100, 100);
        var receipt = await writer.SubmitAsync("s", page, CancellationToken.None);
        try
        {
            await sink.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, page.WrittenCount); // recycled although the sync has not returned
            Assert.False(receipt.Acknowledged.IsCompleted); // not acknowledged before the sync
        }
        finally
        {
            sink.Release.Set(); // else disposing the writer waits for the held sync forever
        }
        Assert.Equal(PageAck.Written, await receipt.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(10_000, sink.Written.Length);
    }

    [Fact]
    public async Task A_page_written_in_two_writes_keeps_its_memory_until_the_second()
    {
        // 1.5 MiB of lines: the first write takes at most OutputLimits.BatchBytes, the rest waits for the next.
        var sink = new HoldingSink { HoldWrite = 2 };
        await using var writer = new OutputWriter(sink, new OutputLimits(), null, TimeProvider.System, Logger.None);
        var page = Page(1536, 1024);
        var expected = page.WrittenSpan.ToArray();
        var receipt = await writer.SubmitAsync("s", page, CancellationToken.None);
        try
        {
            await sink.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(expected.Length, page.WrittenCount); // half written: the rest is still read from this memory
            Assert.True(sink.Written.Length is > 0 and < 1536 * 1024);
        }
        finally
        {
            sink.Release.Set();
        }
        Assert.Equal(PageAck.Written, await receipt.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, page.WrittenCount);
        Assert.Equal(expected, sink.Written.ToArray());
    }

    [Fact]
    public async Task A_page_written_in_full_before_a_later_write_of_its_sync_fails_is_acknowledged_failed()
    {
        // Page 1 is held in its write while page 2 (another source) queues behind it; page 1 is then written
        // in full (its memory given back) and page 2 written on before the sync, and that write fails.
        var sink = new HoldingSink { HoldWrite = 1, FailWrite = 2 };
        await using var writer = new OutputWriter(sink, new OutputLimits(), null, TimeProvider.System, Logger.None);
        var first = await writer.SubmitAsync("a", Page(10, 100), CancellationToken.None);
        await sink.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await writer.SubmitAsync("b", Page(10, 100), CancellationToken.None);
        sink.Release.Set();
        var ack1 = await first.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30));
        var ack2 = await second.Acknowledged.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PageOutcome.Failed, ack1.Outcome); // written but never synced: not durable, so not acknowledged
        Assert.Equal(PageOutcome.Failed, ack2.Outcome);
        Assert.Equal(0, sink.Syncs);
    }
}
