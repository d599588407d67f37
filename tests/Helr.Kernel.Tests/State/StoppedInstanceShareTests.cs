using Helr.Kernel.State;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A stopped instance (SIGTERM) released its leases but stayed registered as live until its registration
/// expired, a lease time later. The others went on counting it: at their share, they left the released
/// sources to "an instance below its share" that did not exist, so its sources waited about a lease time,
/// as if it had crashed. It now leaves the live instances as it stops, and the next heartbeat of the others
/// counts without it.
/// </summary>
public sealed class StoppedInstanceShareTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task The_sources_a_stopped_instance_released_are_taken_at_the_next_heartbeat_of_the_others(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var stopping = new SourceLeases(opened.Leases!, Ttl, pollWhenUnreachable: false, sources: 2, TimeProvider.System, Logger.None);
        var observed = new HeartbeatSignal(opened.Leases!);
        var time = new FakeTimeProvider();
        await using var staying = new SourceLeases(observed, Ttl, pollWhenUnreachable: false, sources: 2, time, Logger.None);
        await stopping.StartAsync();
        await staying.StartAsync();
        Assert.True(await stopping.TryAcquireAsync("s1", default));
        Assert.True(await staying.TryAcquireAsync("s2", default));
        Assert.Equal(1, staying.Share);

        await stopping.DisposeAsync();
        Assert.Null(await opened.Leases!.GetHolderAsync("s1", default));
        await time.AdvanceUntilAsync(observed.Next(), Ttl / 30);

        Assert.Equal(2, staying.Share);
        Assert.Null(await staying.AttemptAsync("s1", default));
        Assert.Equal(staying.Holder, await opened.Leases.GetHolderAsync("s1", default));
    }

    // The real store, telling the test when a heartbeat has been answered (with how many live instances).
    private sealed class HeartbeatSignal(ILeaseStore inner) : ILeaseStore
    {
        private TaskCompletionSource<int> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<int> Next() => (_next = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public async Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct)
        {
            var live = await inner.HeartbeatAsync(holder, ttl, ct);
            _next.TrySetResult(live);
            return live;
        }

        public Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct) => inner.TryAcquireAsync(sourceId, holder, ttl, ct);

        public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct) => inner.GetHolderAsync(sourceId, ct);

        public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) =>
            inner.TakeOverAsync(sourceId, expected, holder, ttl, ct);

        public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct) => inner.ReleaseAsync(sourceId, holder, ct);

        public Task LeaveAsync(string holder, CancellationToken ct) => inner.LeaveAsync(holder, ct);
    }
}
