using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>Reads <c>global.api</c> and <c>global.reload</c>.</summary>
internal static class ApiReader
{
    public static ApiConfig ReadApi(ConfigNode? node)
    {
        if (node is null) return new ApiConfig();
        var address = node.String("address");
        if (address is { Length: 0 })
        {
            node.Fail("address", "must not be empty");
            address = null;
        }
        var enabled = node.Boolean("enabled") ?? false;
        ListenAddress.Check(node, address, enabled);
        return new ApiConfig
        {
            Enabled = enabled,
            Address = address,
            Port = (int)(node.Integer("port", min: 0, max: 65_535) ?? ApiConfig.DefaultPort),
            Auth = ReadAuth(node.Mapping("auth")),
        };
    }

    public static ReloadConfig ReadReload(ConfigNode? node) => node is null ? new() : new ReloadConfig
    {
        RestartSourcesOnSighup = node.Boolean("restart_sources_on_sighup") ?? false,
    };

    // The token is read at each request (a rotated file is picked up); validate checks it resolves now.
    private static ApiAuthConfig? ReadAuth(ConfigNode? auth)
    {
        // An empty token (matching no request) is refused by SecretSource.Read, as for a source's secrets.
        if (auth is null || SecretSource.Read(auth, "token", HostEnvironment.Instance) is not { } token) return null;
        return new ApiAuthConfig(token);
    }
}
