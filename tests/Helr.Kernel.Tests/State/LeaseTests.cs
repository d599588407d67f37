using Helr.Kernel.State;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>Source leases and fenced commits on the shared backends (Redis, PostgreSQL).</summary>
public sealed class LeaseTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task One_holder_at_a_time_until_it_releases(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var leases = opened.Leases!;
        Assert.NotNull(await leases.TryAcquireAsync("s1", "A", Long, default));
        Assert.Null(await leases.TryAcquireAsync("s1", "B", Long, default));
        Assert.NotNull(await leases.TryAcquireAsync("s1", "A", Long, default)); // renewal
        Assert.NotNull(await leases.TryAcquireAsync("s2", "B", Long, default)); // other sources are independent
        await leases.ReleaseAsync("s1", "B", default); // not B's: no effect
        Assert.Null(await leases.TryAcquireAsync("s1", "B", Long, default));
        await leases.ReleaseAsync("s1", "A", default);
        Assert.NotNull(await leases.TryAcquireAsync("s1", "B", Long, default));
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task An_expired_lease_can_be_taken_by_another_instance(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var leases = opened.Leases!;
        Assert.NotNull(await leases.TryAcquireAsync("s1", "dead", TimeSpan.FromMilliseconds(300), default));
        // Expiry is the store's clock; poll for it within a generous bound.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await leases.TryAcquireAsync("s1", "alive", Long, default) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired lease was never released");
            await Task.Delay(100);
        }
        Assert.Null(await leases.TryAcquireAsync("s1", "dead", Long, default));
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_commit_fenced_by_a_lost_lease_writes_nothing(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Store;
        var token = await opened.Leases!.TryAcquireAsync("s1", "new-holder", Long, default);
        Assert.NotNull(token);
        var stale = new StateCommit(new Dictionary<string, string> { ["cursor"] = "stale" }, new[] { "e1" }, 10, new LeaseFence("old-holder", 0));
        await Assert.ThrowsAsync<LeaseLostException>(() => store.CommitAsync("s1", stale));
        Assert.Empty(await store.GetAllAsync("s1"));
        Assert.Empty(await store.GetDedupeIdsAsync("s1", 10));

        await store.CommitAsync("s1", stale with { Fence = new LeaseFence("new-holder", token!.Value), Values = new Dictionary<string, string> { ["cursor"] = "fresh" } });
        Assert.Equal("fresh", (await store.GetAllAsync("s1"))["cursor"]);
        // A lease nobody holds does not block the write: no one else can be writing.
        await store.CommitAsync("free", stale);
        Assert.Equal("stale", (await store.GetAllAsync("free"))["cursor"]);
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task Every_new_holder_gets_a_larger_token_and_a_renewal_keeps_it(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var leases = opened.Leases!;
        var a = (await leases.TryAcquireAsync("s1", "A", Long, default))!.Value;
        Assert.Equal(a, await leases.TryAcquireAsync("s1", "A", Long, default));
        await leases.ReleaseAsync("s1", "A", default);
        var b = (await leases.TryAcquireAsync("s1", "B", Long, default))!.Value;
        Assert.True(b > a, $"{b} after {a}");
        await leases.ReleaseAsync("s1", "B", default);
        var again = (await leases.TryAcquireAsync("s1", "A", Long, default))!.Value;
        Assert.True(again > b, $"{again} after {b}");
    }

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_paused_holder_cannot_commit_after_a_successor_took_the_source_and_released_it(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var leases = opened.Leases!;
        var store = opened.Store;
        var paused = (await leases.TryAcquireAsync("s1", "A", TimeSpan.FromMilliseconds(300), default))!.Value;
        await store.CommitAsync("s1", new StateCommit(new Dictionary<string, string> { ["cursor"] = "10" }, Array.Empty<string>(), 0, new LeaseFence("A", paused)));
        // A's lease lapses; B takes the source, moves it on, and releases it.
        long? successor;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((successor = await leases.TryAcquireAsync("s1", "B", Long, default)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired lease was never released");
            await Task.Delay(100);
        }
        await store.CommitAsync("s1", new StateCommit(new Dictionary<string, string> { ["cursor"] = "50" }, Array.Empty<string>(), 0, new LeaseFence("B", successor.Value)));
        await leases.ReleaseAsync("s1", "B", default);

        // A wakes up: its checkpoint must not take the position back, although nobody holds the lease now.
        await Assert.ThrowsAsync<LeaseLostException>(() =>
            store.CommitAsync("s1", new StateCommit(new Dictionary<string, string> { ["cursor"] = "20" }, Array.Empty<string>(), 0, new LeaseFence("A", paused))));
        Assert.Equal("50", (await store.GetAllAsync("s1"))["cursor"]);
    }
}
