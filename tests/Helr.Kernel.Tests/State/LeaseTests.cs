using Helr.Kernel.State;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>Source leases and fenced commits on the shared backends (Redis, PostgreSQL).</summary>
public sealed class LeaseTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(Shared))]
    public async Task One_holder_at_a_time_until_it_releases(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        if (opened is null) return;
        var leases = opened.Leases!;
        Assert.True(await leases.TryAcquireAsync("s1", "A", Long, default));
        Assert.False(await leases.TryAcquireAsync("s1", "B", Long, default));
        Assert.True(await leases.TryAcquireAsync("s1", "A", Long, default)); // renewal
        Assert.True(await leases.TryAcquireAsync("s2", "B", Long, default)); // other sources are independent
        await leases.ReleaseAsync("s1", "B", default); // not B's: no effect
        Assert.False(await leases.TryAcquireAsync("s1", "B", Long, default));
        await leases.ReleaseAsync("s1", "A", default);
        Assert.True(await leases.TryAcquireAsync("s1", "B", Long, default));
    }

    [Theory]
    [MemberData(nameof(Shared))]
    public async Task An_expired_lease_can_be_taken_by_another_instance(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        if (opened is null) return;
        var leases = opened.Leases!;
        Assert.True(await leases.TryAcquireAsync("s1", "dead", TimeSpan.FromMilliseconds(300), default));
        // Expiry is the store's clock; poll for it within a generous bound.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await leases.TryAcquireAsync("s1", "alive", Long, default))
        {
            Assert.True(DateTime.UtcNow < deadline, "the expired lease was never released");
            await Task.Delay(100);
        }
        Assert.False(await leases.TryAcquireAsync("s1", "dead", Long, default));
    }

    [Theory]
    [MemberData(nameof(Shared))]
    public async Task A_commit_fenced_by_a_lost_lease_writes_nothing(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        if (opened is null) return;
        var store = opened.Store;
        Assert.True(await opened.Leases!.TryAcquireAsync("s1", "new-holder", Long, default));
        var stale = new StateCommit(new Dictionary<string, string> { ["cursor"] = "stale" }, new[] { "e1" }, 10, "old-holder");
        await Assert.ThrowsAsync<LeaseLostException>(() => store.CommitAsync("s1", stale));
        Assert.Empty(await store.GetAllAsync("s1"));
        Assert.Empty(await store.GetDedupeIdsAsync("s1", 10));

        await store.CommitAsync("s1", stale with { LeaseHolder = "new-holder", Values = new Dictionary<string, string> { ["cursor"] = "fresh" } });
        Assert.Equal("fresh", (await store.GetAllAsync("s1"))["cursor"]);
        // A lease nobody holds does not block the write: no one else can be writing.
        await store.CommitAsync("free", stale);
        Assert.Equal("stale", (await store.GetAllAsync("free"))["cursor"]);
    }
}
