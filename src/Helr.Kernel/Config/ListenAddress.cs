using System.Net;
using System.Net.Sockets;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// <c>global.api.address</c> and <c>global.metrics.address</c> take what the listener binds: an IP address or
/// <c>localhost</c>, as upstream (which parses <c>address:port</c> as a socket address). Checked only for an
/// enabled block, the one a run binds: before, <c>helr validate</c> passed a host name that <c>run</c> then refused.
/// </summary>
internal static class ListenAddress
{
    public static bool IsValid(string address) => address == "localhost" || IPAddress.TryParse(address, out _);

    public static void Check(ConfigNode node, string? address, bool enabled)
    {
        if (enabled && address is { Length: > 0 } && !IsValid(address))
            node.Fail("address", $"'{address}' is not an IP address or localhost (e.g. 127.0.0.1, 0.0.0.0, ::1)");
    }

    /// <summary>
    /// The API server and the metrics endpoint are two listeners: on one port of one address the second
    /// cannot bind, which <c>helr validate</c> passed and <c>run</c> then stopped on at start.
    /// </summary>
    public static void CheckApart(ConfigNode global, ApiConfig api, MetricsConfig metrics)
    {
        if (!api.Enabled || !metrics.Enabled || api.Port == 0 || api.Port != metrics.Port) return;
        if (!IsValid(api.BindAddress) || !IsValid(metrics.Address)) return;
        if (!Binds(api.BindAddress).Any(a => Binds(metrics.Address).Any(m => Overlap(a, m)))) return;
        global.Mapping("metrics")?.Fail("port", $"is also global.api.port ({api.Port}) on an address the API server binds "
            + $"({api.BindAddress}, metrics on {metrics.Address}): the second listener cannot bind; give metrics a port of its own (default {MetricsConfig.DefaultPort})");
    }

    private static IPAddress[] Binds(string address) =>
        address == "localhost" ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Parse(address)];

    // 0.0.0.0 takes the port on every IPv4 address; Kestrel binds :: dual-mode, every address of both families.
    private static bool Overlap(IPAddress a, IPAddress b) =>
        a.Equals(b) || a.Equals(IPAddress.IPv6Any) || b.Equals(IPAddress.IPv6Any)
        || (a.Equals(IPAddress.Any) && b.AddressFamily == AddressFamily.InterNetwork)
        || (b.Equals(IPAddress.Any) && a.AddressFamily == AddressFamily.InterNetwork);
}
