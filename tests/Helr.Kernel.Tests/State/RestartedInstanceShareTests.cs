using Helr.Kernel.State.Leases;
using Serilog.Core;
using Xunit.Abstractions;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// A helr restarted on the same host after a crash takes its dead predecessor's leases at once, but it
/// counted the predecessor's registration as a live instance until that expired: its fair share was
/// halved, so it took over only half of the sources and left the others waiting about a lease time. The
/// registration of an instance it knows to be dead no longer counts.
/// </summary>
public sealed class RestartedInstanceShareTests(StoreServers servers, ITestOutputHelper output) : IClassFixture<StoreServers>
{
    public static readonly TheoryData<string> Shared = new() { "redis", "postgres" };
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    [SkippableTheory]
    [MemberData(nameof(Shared))]
    public async Task A_restarted_instance_takes_every_source_of_its_crashed_predecessor_at_once(string backend)
    {
        await using var opened = await servers.OpenAsync(backend, output);
        var store = opened.Leases!;
        // This host and this process's pid with another random part: an earlier run, certainly not running.
        var crashed = $"{Environment.MachineName}:{Environment.ProcessId}:deadbeef";
        var sources = new[] { "s1", "s2", "s3", "s4" };
        await store.HeartbeatAsync(crashed, Ttl, default);
        foreach (var source in sources) Assert.NotNull(await store.TryAcquireAsync(source, crashed, Ttl, default));

        await using var restarted = new SourceLeases(store, Ttl, pollWhenUnreachable: false, sources: sources.Length, TimeProvider.System, Logger.None);
        await restarted.StartAsync();

        Assert.Equal(sources.Length, restarted.Share);
        foreach (var source in sources) Assert.Null(await restarted.AttemptAsync(source, default));
        foreach (var source in sources) Assert.Equal(restarted.Holder, await store.GetHolderAsync(source, default));
    }
}
