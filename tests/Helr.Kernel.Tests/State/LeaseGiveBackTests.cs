using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A lease given back (a reload removed the source, or the instance is over its share) stays given back
/// even when the renewal loop was extending it at that moment: the renewal would take it again, and no
/// one would release it before it expired.
/// </summary>
public sealed class LeaseGiveBackTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lease_dropped_while_its_renewal_is_in_flight_is_released_again()
    {
        var store = new OneHolderStore();
        var time = new FakeTimeProvider();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: 1, time, Logger.None);
        Assert.True(await leases.TryAcquireAsync("s", CancellationToken.None));
        await leases.StartAsync();

        // The renewal reaches the store and waits there; meanwhile a reload drops the source.
        store.HoldNextAcquire();
        var renewing = store.AcquireReached.Task;
        await time.AdvanceUntilAsync(renewing.ContinueWith(_ => 0), Ttl / 30);
        await leases.DropAsync("s");
        Assert.Null(store.Holder);

        // The held renewal goes on and takes the free lease again; it must give it straight back.
        var released = store.NextRelease();
        store.LetAcquireGo();
        await released.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(store.Holder);
        Assert.False(leases.IsHeld("s"));
    }

    // One source's lease, in memory; an acquire can be held at the store until the test lets it go.
    private sealed class OneHolderStore : ILeaseStore
    {
        private readonly object _gate = new();
        private long _token;
        private TaskCompletionSource? _hold;
        private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Holder { get; private set; }

        public TaskCompletionSource AcquireReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void HoldNextAcquire() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void LetAcquireGo() => _hold!.TrySetResult();

        public Task NextRelease()
        {
            lock (_gate) return (_released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        public async Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct)
        {
            if (_hold is { } hold)
            {
                AcquireReached.TrySetResult();
                await hold.Task;
                _hold = null;
            }
            lock (_gate)
            {
                if (Holder is not null && Holder != holder) return null;
                if (Holder is null) _token++;
                Holder = holder;
                return _token;
            }
        }

        public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct)
        {
            lock (_gate) return Task.FromResult(Holder);
        }

        public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult<long?>(null);

        public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult(1);

        public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct)
        {
            lock (_gate)
            {
                if (Holder == holder) Holder = null;
                _released.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
