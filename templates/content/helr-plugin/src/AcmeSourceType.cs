using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Acme;

/// <summary>
/// <c>type: helrplugintype</c>. The user writes <c>url</c> and <c>auth</c>; everything else has the
/// vendor's defaults below, which the user may override with the declarative keys of docs/plugins.md.
/// </summary>
public sealed class AcmeSourceType : ISourceType
{
    /// <summary>The vendor's paging: a <c>cursor</c> query parameter, the next one at <c>next_cursor</c>.</summary>
    internal static readonly DeclarativeOptions VendorDefaults = new()
    {
        EventsPath = "events",
        Pagination = new PaginationOptions { Strategy = PaginationStrategy.Cursor, CursorParam = "cursor", CursorPath = "next_cursor", MaxPages = 100 },
    };

    /// <inheritdoc />
    public string Name => "helrplugintype";

    /// <inheritdoc />
    public string Description => "Acme audit events, paged by cursor";

    /// <inheritdoc />
    /// <remarks>
    /// What <c>helr plugins inspect</c> prints. The declarative keys come from the SDK with this source
    /// type's defaults, so they follow the reader; <c>AcmeConfigKeysTests</c> holds the list to it.
    /// </remarks>
    public IReadOnlyList<ConfigKeyInfo> ConfigKeys { get; } =
    [
        new() { Name = "auth", Type = "mapping", Required = true, Description = "bearer token (token_env or token_file)" },
        .. DeclarativeConfigKeys.For(VendorDefaults),
    ];

    /// <inheritdoc />
    public ISource? Create(ConfigNode config, SourceBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var options = DeclarativeReader.Read(config, VendorDefaults);
        var auth = AuthReader.Read(config.Mapping("auth"), context.Environment);
        if (config.Errors.HasErrors) return null;
        // Vendor facts for keys the kernel owns; the user's own keys win.
        return new DeclarativeSource(options, auth, new SourceDefaults { IdField = "id", TimestampField = "time" });
    }
}
