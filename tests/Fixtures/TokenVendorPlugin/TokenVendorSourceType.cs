using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace TokenVendorPlugin;

/// <summary><c>type: tokenvendor</c>: <c>url</c>, <c>token_url</c>, <c>client_id</c>, <c>client_secret_env</c>/<c>_file</c>, <c>max_pages</c>, <c>from</c>.</summary>
public sealed class TokenVendorSourceType : ISourceType
{
    public string Name => "tokenvendor";

    public string Description => "fixture vendor: client-credentials token, Link pagination, seq watermark";

    // What `helr plugins inspect` prints; the reader below stays the authority.
    public IReadOnlyList<ConfigKeyInfo> ConfigKeys { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "url", Type = "url", Required = true, Description = "the events endpoint" },
        new() { Name = "client_secret_env", Type = "string", Description = "variable holding the client secret" },
        new() { Name = "max_pages", Type = "integer", Default = "100", Description = "pages per cycle at most" },
        new() { Name = "from", Type = "string", Default = "0" },
    };

    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        var url = Url(config, "url");
        var tokenUrl = Url(config, "token_url");
        var clientId = config.String("client_id", required: true);
        var secret = SecretSource.Read(config, "client_secret", context.Environment);
        var maxPages = (int)(config.Integer("max_pages", min: 1, max: 1000) ?? 100);
        var from = config.String("from") ?? "0";
        if (config.Errors.HasErrors || url is null || tokenUrl is null || clientId is null || secret is null) return null;
        var auth = new ClientCredentialsAuthenticator(tokenUrl, clientId, secret);
        return new TokenVendorSource(url, auth, maxPages, from);
    }

    private static Uri? Url(ConfigNode config, string key)
    {
        var text = config.String(key, required: true);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url)) return url;
        config.Fail(key, "not an absolute URL");
        return null;
    }
}
