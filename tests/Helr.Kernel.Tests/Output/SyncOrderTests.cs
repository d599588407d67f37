using System.Text;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>Durable before checkpointed: a page's checkpoint runs only after the batch holding it was synced, one sync per batch.</summary>
public sealed class SyncOrderTests
{
    private sealed class RecordingSink(List<string> log) : ILineSink
    {
        public ManualResetEventSlim Gate { get; } = new(true);

        /// <summary>Completes when the writer first enters <see cref="Write"/>.</summary>
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "recording";

        public void Write(ReadOnlySpan<byte> lines)
        {
            Entered.TrySetResult();
            Gate.Wait();
            lock (log) log.Add("write " + Encoding.UTF8.GetString(lines).Trim().Replace("\n", " "));
        }

        public void Flush()
        {
        }

        public void Sync()
        {
            lock (log) log.Add("sync");
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Every_checkpoint_follows_the_sync_of_its_lines_and_lines_written_while_more_wait_share_one_sync()
    {
        var log = new List<string>();
        var sink = new RecordingSink(log);
        await using var writer = new OutputWriter(sink, new OutputLimits(), null, TimeProvider.System, Logger.None);
        var chain = new CheckpointChain();
        Task Commit(string page)
        {
            lock (log) log.Add("commit " + page);
            return Task.CompletedTask;
        }

        // Page 1 is being written (held in write) while pages 2 and 3 queue up behind it: they are
        // written next, before the sync, and one sync covers all three.
        sink.Gate.Reset();
        await chain.AddAsync(await writer.EnqueueAsync("s", "p1\n"u8.ToArray()), () => Commit("p1"));
        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await chain.AddAsync(await writer.EnqueueAsync("s", "p2\n"u8.ToArray()), () => Commit("p2"));
        await chain.AddAsync(await writer.EnqueueAsync("s", "p3\n"u8.ToArray()), () => Commit("p3"));
        sink.Gate.Set();
        await chain.DrainAsync();

        lock (log)
        {
            Assert.Equal(new[] { "write p1", "write p2", "write p3", "sync", "commit p1", "commit p2", "commit p3" }, log);
        }
    }

    [Fact]
    public async Task Sync_false_never_syncs()
    {
        var log = new List<string>();
        await using var writer = new OutputWriter(new RecordingSink(log), new OutputLimits { Sync = false }, null, TimeProvider.System, Logger.None);
        await writer.WriteAsync("s", "a\n"u8.ToArray());
        lock (log) Assert.Equal(new[] { "write a" }, log);
    }

    private sealed class CountingSink : ILineSink
    {
        public ManualResetEventSlim Gate { get; } = new(true);
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<long> BytesAtSync { get; } = new();
        public long Written { get; private set; }
        public string Description => "counting";

        public void Write(ReadOnlySpan<byte> lines)
        {
            Entered.TrySetResult();
            Gate.Wait();
            lock (BytesAtSync) Written += lines.Length;
        }

        public void Flush()
        {
        }

        public void Sync()
        {
            lock (BytesAtSync) BytesAtSync.Add(Written);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task One_sync_covers_at_most_about_SyncBytes_of_lines_written_while_more_wait()
    {
        var sink = new CountingSink();
        await using var writer = new OutputWriter(sink, new OutputLimits { QueueBytes = 64L << 20 }, null, TimeProvider.System, Logger.None);
        var chain = new CheckpointChain();
        var line = Encoding.UTF8.GetBytes(new string('x', 1023) + "\n");
        byte[] Page(int mib) => Enumerable.Range(0, mib * 1024).SelectMany(_ => line).ToArray();

        // While the first page is held in write, 12 MiB queue up behind it: written on without a sync
        // in between until OutputLimits.SyncBytes, then synced, and the rest synced at the end.
        sink.Gate.Reset();
        await chain.AddAsync(await writer.EnqueueAsync("s", "p1\n"u8.ToArray()), () => Task.CompletedTask);
        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 4; i++) await chain.AddAsync(await writer.EnqueueAsync("s", Page(3)), () => Task.CompletedTask);
        sink.Gate.Set();
        await chain.DrainAsync();

        lock (sink.BytesAtSync)
        {
            Assert.Equal(2, sink.BytesAtSync.Count);
            Assert.InRange(sink.BytesAtSync[0], OutputLimits.SyncBytes, OutputLimits.SyncBytes + OutputLimits.BatchBytes + 3);
            Assert.Equal(sink.Written, sink.BytesAtSync[1]);
            Assert.Equal(3 + 12L * 1024 * 1024, sink.Written);
        }
    }
}
