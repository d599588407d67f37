using Helr.Kernel.State;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A poll triggered through the API that could not take the source's lease always answered "another
/// instance holds the source's lease", also when the store had failed (nobody polls the source then) or
/// when the lease was free and this instance was at its fair share. The answer now says which.
/// </summary>
public sealed class TriggeredPollLeaseAnswerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_store_that_fails_is_named_as_such()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, Interval, leaseSources: 1,
            beforeStart: r => r.LeaseStore.FailAcquireWith = () => new StateStoreUnavailableException("redis redis://127.0.0.1:6379/0: No connection is available"));

        var error = (await run.Scheduler.PollNowAsync("a"))!.Error!.Message;

        Assert.Equal("the source's lease cannot be taken: redis redis://127.0.0.1:6379/0: No connection is available", error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_free_lease_left_for_the_fair_share_is_not_said_to_be_held()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        // Two sources and this instance holds the other one; a share of one leaves "a" to others.
        await using var run = new ScheduledSource(api, Interval, leaseSources: 2, beforeStart: r =>
        {
            Assert.True(r.Leases!.TryAcquireAsync("other", CancellationToken.None).GetAwaiter().GetResult());
            r.Leases.Resize(1);
        });

        var error = (await run.Scheduler.PollNowAsync("a"))!.Error!.Message;

        Assert.DoesNotContain("another instance holds", error);
        Assert.Contains("the source's lease is free, but this instance already holds its fair share", error);
        Assert.Null(run.LeaseStore.HolderOf("a"));
    }

    [Fact]
    public async Task A_lease_another_instance_holds_is_said_to_be_held()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/a", _ => FakeResponse.Json("[]"));
        await using var run = new ScheduledSource(api, Interval, leaseSources: 1,
            beforeStart: r => Assert.NotNull(r.LeaseStore.TryAcquireAsync("a", "other-host:1:abcdef12", TimeSpan.FromMinutes(5), CancellationToken.None).GetAwaiter().GetResult()));

        var error = (await run.Scheduler.PollNowAsync("a"))!.Error!.Message;

        Assert.Equal("another instance holds the source's lease; it polls the source", error);
    }
}
