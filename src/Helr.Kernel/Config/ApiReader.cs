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
        if (auth is null || SecretSource.Read(auth, "token", HostEnvironment.Instance) is not { } token) return null;
        // An empty token matches no request: every API call would be refused with 401, the cause nowhere said.
        if (token.Problem() is null && token.Resolve().Reveal().Trim().Length == 0)
            auth.Fail(token.FilePath is null ? "token_env" : "token_file",
                token.FilePath is null ? $"environment variable {token.EnvName} is empty" : $"secret file \"{token.FilePath}\" is empty");
        return new ApiAuthConfig(token);
    }
}
