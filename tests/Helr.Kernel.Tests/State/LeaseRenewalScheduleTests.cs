using System.Collections.Concurrent;
using Helr.Kernel.State.Leases;
using Helr.Kernel.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// Renewals went one source at a time and the next round waited a third of the lease time after the
/// previous one ended: with many sources on a slow store a round outlasted the rest of the lease, leases
/// lapsed and sources moved between instances for no reason. Rounds now start every third of the lease
/// time (start to start) and renew several sources at once; one renewal that hangs holds up no other.
/// </summary>
public sealed class LeaseRenewalScheduleTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Many_sources_on_a_slow_store_are_renewed_every_third_of_the_lease_time_and_none_lapses()
    {
        var time = new FakeTimeProvider();
        var store = new SlowLeaseStore(time);
        var sources = Enumerable.Range(0, 20).Select(i => "s" + i).ToList();
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources.Count, time, Logger.None);
        foreach (var s in sources) Assert.True(await leases.TryAcquireAsync(s, CancellationToken.None));
        await leases.StartAsync();

        // Each renewal takes 2 s: one after the other, a round of 20 took 40 s, longer than the lease.
        store.PerRenewal = TimeSpan.FromSeconds(2);
        await time.AdvanceUntilAsync(store.Beats(6).ContinueWith(_ => 0), Ttl / 30, maxSteps: 1000);

        Assert.Empty(store.Lapsed);
        Assert.All(sources, s => Assert.True(leases.IsHeld(s), s));
        var beats = store.Heartbeats.ToArray();
        Assert.All(beats.Zip(beats.Skip(1)), pair => Assert.True(pair.Second - pair.First < Ttl * 2 / 3, $"rounds {pair.First:mm:ss} and {pair.Second:mm:ss}"));
        Assert.InRange(store.MostAtOnce, 2, 16);
    }

    [Fact]
    public async Task A_renewal_that_hangs_holds_up_no_other_source()
    {
        var time = new FakeTimeProvider();
        var store = new SlowLeaseStore(time);
        await using var leases = new SourceLeases(store, Ttl, pollWhenUnreachable: false, 3, time, Logger.None);
        foreach (var s in new[] { "s0", "s1", "s2" }) Assert.True(await leases.TryAcquireAsync(s, CancellationToken.None));
        await leases.StartAsync();
        store.Hang = "s0";
        try
        {
            // Before, the round waited on s0's renewal, and s1's and s2's leases lapsed behind it.
            await time.AdvanceUntilAsync(Task.WhenAll(store.RenewedTimes("s1", 4), store.RenewedTimes("s2", 4)).ContinueWith(_ => 0), Ttl / 30, maxSteps: 500);
            Assert.Empty(store.Lapsed);
            Assert.True(leases.IsHeld("s1"));
            Assert.True(leases.IsHeld("s2"));
            Assert.Equal(1, store.Hung);
        }
        finally
        {
            store.HangGo.TrySetResult();
        }
    }

    /// <summary>Leases that expire on the fake clock; a renewal takes <see cref="PerRenewal"/> of it.</summary>
    private sealed class SlowLeaseStore(FakeTimeProvider time) : ILeaseStore
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, (string Holder, long Token, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Count, TaskCompletionSource Done)> _waits = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _renewed = new(StringComparer.Ordinal);
        private int _atOnce;

        public TimeSpan PerRenewal { get; set; }

        public string? Hang { get; set; }

        public int Hung;

        public TaskCompletionSource HangGo { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Lapsed { get; } = new();

        public ConcurrentQueue<DateTimeOffset> Heartbeats { get; } = new();

        public int MostAtOnce;

        /// <summary>Completes once <paramref name="sourceId"/> has been renewed <paramref name="count"/> times.</summary>
        public Task RenewedTimes(string sourceId, int count)
        {
            lock (_gate)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_renewed.GetValueOrDefault(sourceId) >= count) done.SetResult();
                else _waits[sourceId] = (count, done);
                return done.Task;
            }
        }

        public async Task<long?> TryAcquireAsync(string sourceId, string holder, TimeSpan ttl, CancellationToken ct)
        {
            if (sourceId == Hang)
            {
                Interlocked.Increment(ref Hung);
                await HangGo.Task;
            }
            else if (PerRenewal > TimeSpan.Zero)
            {
                var now = Interlocked.Increment(ref _atOnce);
                InterlockedMax(ref MostAtOnce, now);
                try
                {
                    await Task.Delay(PerRenewal, time, ct);
                }
                finally
                {
                    Interlocked.Decrement(ref _atOnce);
                }
            }
            lock (_gate)
            {
                var at = time.GetUtcNow();
                if (_leases.TryGetValue(sourceId, out var lease) && lease.Expires > at && lease.Holder != holder) return null;
                if (lease.Holder == holder && lease.Expires <= at) Lapsed.Enqueue($"{sourceId} at {at:mm:ss}");
                var token = lease.Holder == holder && lease.Expires > at ? lease.Token : lease.Token + 1;
                _leases[sourceId] = (holder, token, at + ttl);
                var renewed = _renewed.AddOrUpdate(sourceId, 1, (_, n) => n + 1);
                if (_waits.TryGetValue(sourceId, out var wait) && renewed >= wait.Count) wait.Done.TrySetResult();
                return token;
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }

        public Task<string?> GetHolderAsync(string sourceId, CancellationToken ct)
        {
            lock (_gate) return Task.FromResult(_leases.TryGetValue(sourceId, out var l) && l.Expires > time.GetUtcNow() ? l.Holder : null);
        }

        public Task<long?> TakeOverAsync(string sourceId, string expected, string holder, TimeSpan ttl, CancellationToken ct) => Task.FromResult<long?>(null);

        private readonly TaskCompletionSource _sixth = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes at the sixth heartbeat (the start of the fifth renewal round).</summary>
        public Task Beats(int count) => count == 6 ? _sixth.Task : throw new ArgumentOutOfRangeException(nameof(count));

        public Task<int> HeartbeatAsync(string holder, TimeSpan ttl, CancellationToken ct)
        {
            Heartbeats.Enqueue(time.GetUtcNow());
            if (Heartbeats.Count >= 6) _sixth.TrySetResult();
            return Task.FromResult(1);
        }

        public Task ReleaseAsync(string sourceId, string holder, CancellationToken ct)
        {
            lock (_gate)
            {
                if (_leases.TryGetValue(sourceId, out var l) && l.Holder == holder) _leases.Remove(sourceId);
            }
            return Task.CompletedTask;
        }
    }
}
