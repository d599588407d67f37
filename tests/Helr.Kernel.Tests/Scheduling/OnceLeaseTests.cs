using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.State;
using Helr.Kernel.Tests.Support;
using Helr.PluginSdk.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// <c>run --once</c> with shared state exits 0 only when every source had its cycle or another instance
/// holds it: a free source is polled even beyond the fair share, and an unreachable store fails the run.
/// </summary>
public sealed class OnceLeaseTests
{
    // A Redis or Postgres that went down after start-up.
    private sealed class DownLeaseStore : ILeaseStore
    {
        public Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) => throw new StateStoreUnavailableException("down");
        public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => throw new StateStoreUnavailableException("down");
        public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => throw new StateStoreUnavailableException("down");
        public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => throw new StateStoreUnavailableException("down");
        public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => throw new StateStoreUnavailableException("down");
    }

    // A store whose lease request is still under way when SIGTERM comes (a slow Redis or Postgres).
    private sealed class SlowLeaseStore : ILeaseStore
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct)
        {
            Asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }

        public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => Task.FromResult<string?>(null);
        public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult<long?>(null);
        public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult(1);
        public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => Task.CompletedTask;
    }

    [Fact]
    public async Task A_once_run_stopped_while_taking_a_lease_does_not_say_another_instance_polls_the_source()
    {
        await using var api = await FakeVendorServer.StartAsync();
        using var file = new ConfigFile();
        var loaded = file.Load($"global:\n  state: {{ backend: memory }}\nsources:\n  a:\n    url: {api.Url("/a")}\n");
        var store = new SlowLeaseStore();
        await using var leases = new SourceLeases(store, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, 1, TimeProvider.System, Logger.None);
        await leases.StartAsync();
        await using var writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        using var runner = SourceComposition.Build(loaded.Sources[0], loaded.Config.Global, new LeaseFencedStateStore(new MemoryStateStore(), leases), writer,
            TimeProvider.System, Logger.None);
        var logs = new LogLines();
        var scheduler = new SourceScheduler([], TimeProvider.System, new Serilog.LoggerConfiguration().WriteTo.Sink(logs).CreateLogger(),
            gate: new LeaseGate(leases, TimeProvider.System));
        using var sigterm = new CancellationTokenSource();

        var run = scheduler.RunOnceAsync(sigterm.Token, [runner]);
        await store.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        sigterm.Cancel();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("being polled by another instance", logs.Text);
        Assert.Contains("poll stopped by shutdown", logs.Text);
        Assert.Empty(api.Requests);
    }

    // One `run --once` of the sources /a, /b, ... of the fake API under leases taken from leaseStore; its exit code.
    private static async Task<int> RunOnceAsync(FakeVendorServer api, ILeaseStore leaseStore, params string[] sources)
    {
        using var file = new ConfigFile();
        var loaded = file.Load("global:\n  state: { backend: memory }\nsources:\n"
            + string.Concat(sources.Select(id => $"  {id}:\n    url: {api.Url("/" + id)}\n")));
        await using var leases = new SourceLeases(leaseStore, TimeSpan.FromSeconds(30), pollWhenUnreachable: false, sources.Length, TimeProvider.System, Logger.None);
        // As at start-up: the heartbeat counts the live instances before any lease is taken.
        await leases.StartAsync();
        await using var writer = new OutputWriter(new StreamSink(new MemoryStream(), "test"), new OutputLimits(), null, TimeProvider.System, Logger.None);
        var state = new LeaseFencedStateStore(new MemoryStateStore(), leases);
        var runners = loaded.Sources.Select(s => SourceComposition.Build(s, loaded.Config.Global, state, writer, TimeProvider.System, Logger.None)).ToList();
        try
        {
            var scheduler = new SourceScheduler([], TimeProvider.System, Logger.None, gate: new LeaseGate(leases, TimeProvider.System));
            return await scheduler.RunOnceAsync(CancellationToken.None, runners);
        }
        finally
        {
            foreach (var runner in runners) runner.Dispose();
        }
    }

    [Fact]
    public async Task A_once_run_whose_lease_store_is_down_does_not_exit_0()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"}]"""));

        var code = await RunOnceAsync(api, new DownLeaseStore(), "a");

        Assert.Empty(api.Requests);         // nothing was collected ...
        Assert.NotEqual(0, code);           // ... yet the run reported success ("skipped: another instance polls it")
    }

    [Fact]
    public async Task A_once_run_polls_a_free_source_beyond_its_fair_share()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        api.OnGet("/b", _ => FakeResponse.Json("""[{"id":"b1"}]"""));

        // Another instance is live (a continuous run), so this one's share is one of the two sources; neither is held.
        Assert.Equal(0, await RunOnceAsync(api, new MemoryLeaseStore { Instances = 2 }, "a", "b"));

        Assert.Equal(new[] { "/a", "/b" }, api.Requests.Select(r => r.Path).Order());
    }
}
