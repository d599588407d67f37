using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Output;
using Helr.Kernel.Tests.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// An instance over its fair share gives a source back between cycles only: a poll triggered through
/// the API is a cycle too, so its page is checkpointed before the lease goes.
/// </summary>
public sealed class FairShareDuringTriggeredPollTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_source_over_the_share_is_given_back_only_after_the_triggered_poll_checkpointed_its_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // The scheduled cycle finds nothing: the one page written is the triggered poll's.
        api.OnSequence("GET", "/a", FakeResponse.Json("[]"), FakeResponse.Json("""[{"id":"a2"}]"""));
        using var file = new ConfigFile();
        var loaded = file.Load($"""
            global:
              state:
                backend: memory
            sources:
              a:
                url: {api.Url("/a")}
                schedule:
                  interval_secs: {Interval.TotalSeconds}
                  jitter_secs: 0
                dedupe:
                  id_path: id
            """);
        var time = new FakeTimeProvider();
        var leaseStore = new MemoryLeaseStore();
        await using var leases = new SourceLeases(leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, sources: 2, time, Logger.None);
        // A second source held here: a share of one then leaves this instance over it.
        Assert.True(await leases.TryAcquireAsync("other", CancellationToken.None));
        var state = new MemoryStateStore();
        var stream = new GatedStream();
        await using var writer = new OutputWriter(new StreamSink(stream, "test"), new OutputLimits(), null, time, Logger.None);
        var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(state, leases), writer, time, Logger.None);
        var scheduler = new SourceScheduler([runner], time, Logger.None, gate: new LeaseGate(leases, time));
        using var shutdown = new CancellationTokenSource();
        var run = scheduler.RunForeverAsync(shutdown.Token);
        try
        {
            // Asked for during the scheduled cycle, the poll runs right after it, while the loop waits for its next turn.
            await api.WaitForRequestsAsync(1, Hang);
            var poll = scheduler.PollNowAsync("a");
            await stream.FirstWrite.Task.WaitAsync(Hang);

            // An instance joins (or a reload drops sources) while the poll's page is being written; held only
            // so that ReleaseReached tells when the lease goes back.
            var letRelease = leaseStore.HoldNextRelease();
            var givenBack = leaseStore.ReleaseReached.Task;
            leases.Resize(1);
            // Bounded: with the fix the loop's next turn waits on the poll's cycle lock, and nothing signals that
            // it waits there. Several turns: the loop may set its timer only after the poll started.
            for (var turn = 0; turn < 5 && !givenBack.IsCompleted; turn++)
            {
                time.Advance(Interval);
                await Task.WhenAny(givenBack, Task.Delay(100));
            }
            Assert.False(givenBack.IsCompleted, "the lease went back while the triggered poll's page was being written");

            stream.Release.Set();
            letRelease.SetResult();
            Assert.Null((await poll)!.Error);
            Assert.Contains("\"a2\"", stream.Text());
            // Written but not checkpointed, the page would be emitted again by the instance that takes the source over.
            Assert.Contains("a2", await state.GetDedupeIdsAsync("a", 10));
            // The share still applies, once the poll is done.
            await time.AdvanceUntilAsync(givenBack.ContinueWith(_ => 0), Interval);
            Assert.Null(leaseStore.HolderOf("a"));
            shutdown.Cancel();
            await run;
        }
        finally
        {
            stream.Release.Set(); // a failed assertion must not leave the writer stuck in the stalled stream
        }
    }
}
