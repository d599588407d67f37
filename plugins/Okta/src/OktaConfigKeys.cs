using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta;

/// <summary>
/// What <c>helr plugins inspect okta</c> shows: <c>domain</c>, <c>auth</c> and every key of the SDK's
/// declarative reader with Okta's defaults (<see cref="OktaSourceType.Defaults"/>), in Okta's words where
/// the defaults depend on the source. A key a later SDK reads shows up here by itself.
/// <c>OktaConfigKeysTests</c> holds the list to the reader.
/// </summary>
internal static class OktaConfigKeys
{
    private static readonly ConfigKeyInfo[] Own =
    [
        new() { Name = "domain", Type = "string", Description = "the org's host name, e.g. acme.okta.com (not the -admin one); required unless url is set" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: bearer (token_env/token_file; an API token, sent as SSWS unless prefix is set) or type: oauth2" },
    ];

    private static readonly Dictionary<string, ConfigKeyInfo> InOktasWords = new ConfigKeyInfo[]
    {
        new() { Name = "url", Type = "url", Default = "https://<domain>/api/v1/logs", Description = "replaces the System Log URL (a proxy, a test server)" },
        new() { Name = "from", Type = "string", Default = "7 days back", Description = "since of the very first request (RFC 3339; without it, query_params.since or a since in url); later cycles resume from state" },
    }.ToDictionary(k => k.Name);

    public static IReadOnlyList<ConfigKeyInfo> All { get; } =
    [
        .. Own,
        .. DeclarativeConfigKeys.For(OktaSourceType.Defaults("acme.okta.com", DateTimeOffset.UnixEpoch))
            .Select(key => InOktasWords.GetValueOrDefault(key.Name) ?? key),
    ];
}
