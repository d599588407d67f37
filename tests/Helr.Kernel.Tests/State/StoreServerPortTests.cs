using Helr.Tests.Servers;
using Xunit;

namespace Helr.Kernel.Tests.State;

/// <summary>
/// The outage tests stop a Redis or PostgreSQL server and start it again on the same port. While it is
/// down, a port from the kernel's ephemeral range may be handed to any bind(0) or outgoing connection
/// on the machine (other tests' fake APIs, helr's requests), and the restart then fails with "Address
/// already in use": StoreOutageTests failed so, now and then, under load. Their port is taken below it.
/// </summary>
public sealed class StoreServerPortTests
{
    [SkippableFact]
    public async Task A_store_server_listens_on_a_port_the_kernel_never_hands_out_by_itself()
    {
        Skip.IfNot(File.Exists("/proc/sys/net/ipv4/ip_local_port_range"), "the ephemeral port range is read from Linux's /proc");
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0],
            System.Globalization.CultureInfo.InvariantCulture);
        await using var redis = await TestServices.StartOrSkipAsync("redis", RedisServer.StartAsync);
        Assert.InRange(redis.Port, 1024, low - 1);
        await redis.StopAsync();
        await redis.RestartAsync();
    }
}
