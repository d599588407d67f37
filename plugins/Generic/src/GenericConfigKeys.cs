using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic;

/// <summary>
/// What <c>helr plugins inspect generic</c> shows: <c>auth</c>, <c>hooks</c>, <c>response_streaming</c>
/// and every key of the SDK's declarative reader with its own defaults. The keys every source type
/// shares (<c>schedule</c>, <c>retries</c>, <c>transform</c>, <c>dedupe</c>, ...) are the kernel's and
/// documented in docs/configuration.md. <c>GenericConfigKeysTests</c> holds this list to the reader.
/// </summary>
internal static class GenericConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } =
    [
        new() { Name = "auth", Type = "mapping", Description = "type: bearer, api_key, basic, oauth2 or google_service_account (docs/auth.md); none when absent" },
        new() { Name = "hooks", Type = "mapping", Description = "script (a file under global.hooks.path) or script_inline: JavaScript hooks (docs/hooks.md)" },
        new() { Name = "response_streaming", Type = "string", Description = "buffered or full: planned (checked, not acted on)" },
        .. DeclarativeConfigKeys.For(),
    ];
}
