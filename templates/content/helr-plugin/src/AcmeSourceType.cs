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
    public IReadOnlyList<ConfigKeyInfo> ConfigKeys { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "url", Type = "url", Required = true, Description = "the audit endpoint, e.g. https://api.acme.example/v1/audit" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "bearer token (token_env or token_file)" },
        new() { Name = "response_events_path", Type = "string", Default = "events", Description = "where the events array sits in a response" },
        new() { Name = "pagination.cursor_param", Type = "string", Default = "cursor", Description = "query parameter carrying the cursor" },
        new() { Name = "pagination.cursor_path", Type = "string", Default = "next_cursor", Description = "where the next cursor sits in a response" },
        new() { Name = "pagination.max_pages", Type = "integer", Default = "100", Description = "pages per cycle at most" },
    };

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
