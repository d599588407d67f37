using System.Net;
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
}
