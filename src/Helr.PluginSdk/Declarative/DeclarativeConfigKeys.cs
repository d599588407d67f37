using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// The <see cref="ConfigKeyInfo"/> of every key <see cref="DeclarativeReader.Read"/> reads, for a
/// source type's <see cref="ISourceType.ConfigKeys"/>. The defaults shown are those of the options the
/// source type passes the reader, so what <c>helr plugins inspect</c> prints cannot drift from what
/// the reader does, and a key a later SDK adds to the reader is listed without a change to the plugin.
/// <c>auth</c> is not among them: <see cref="Auth.AuthReader"/> reads it.
/// </summary>
public static class DeclarativeConfigKeys
{
    /// <summary>The declarative keys, with the defaults of <paramref name="defaults"/> (the reader's own when null).</summary>
    /// <param name="defaults">The options the source type passes <see cref="DeclarativeReader.Read"/>.</param>
    public static IReadOnlyList<ConfigKeyInfo> For(DeclarativeOptions? defaults = null)
    {
        var d = defaults ?? new DeclarativeOptions();
        var p = d.Pagination;
        var cursor = p is null ? null : DeclarativeReader.StrategyNames[(int)p.Strategy];
        return new ConfigKeyInfo[]
        {
            new() { Name = "url", Type = "url", Required = d.Url is null, Default = d.Url?.AbsoluteUri, Description = "absolute http(s) URL of a cycle's first request" },
            new() { Name = "method", Type = "string", Default = d.Method == HttpMethod.Post ? "post" : "get", Description = "get or post" },
            new() { Name = "body", Type = "mapping", Default = d.Body is null ? null : "set by the source type", Description = "any YAML value, sent as JSON with post ({} when absent)" },
            // Header names only: a source type's default header could carry a credential.
            new() { Name = "headers", Type = "mapping", Default = Flow(d.Headers.Select(h => h.Key)), Description = "added to every request; a User-Agent here replaces helr/<version>" },
            new() { Name = "query_params", Type = "mapping", Default = Flow(d.QueryParams.Select(q => $"{q.Key}: {q.Value}")), Description = "strings or whole numbers, on a cycle's first request only; a key written here replaces the default of exactly that name" },
            new() { Name = "from", Type = "string", Default = d.From, Description = "range start when no watermark is stored" },
            new() { Name = "from_param", Type = "string", Default = d.FromParam, Description = "query parameter carrying from" },
            new() { Name = "max_bytes", Type = "integer", Default = d.MaxBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture), Description = "stop paging once a cycle read this many body bytes; the next cycle continues" },
            new() { Name = "on_cursor_error", Type = "string", Default = d.ResetOnCursorError ? "reset" : "fail", Description = "reset or fail: what an expired or invalid cursor does" },
            new() { Name = "response_events_path", Type = "string", Default = d.EventsPath, Description = "dotted path of the events array (else a top-level array, or the first of items, data, events, logs, entries)" },
            new() { Name = "response_event_object_path", Type = "string", Default = d.EventObjectPath, Description = "unwraps each element (e.g. node)" },
            new() { Name = "pagination.strategy", Type = "string", Default = cursor, Description = cursor is null ? "link_header, cursor, page_offset or offset; without pagination a cycle reads one page" : "link_header, cursor, page_offset or offset" },
            new() { Name = "pagination.max_pages", Type = "integer", Default = Text(p?.MaxPages ?? 100), Description = "pages per cycle at most" },
            new() { Name = "pagination.stop_on_empty_page", Type = "boolean", Default = p is null || p.StopOnEmptyPage ? "true" : "false", Description = "a cycle ends at the first empty page and stores where it stopped" },
            new() { Name = "pagination.rel", Type = "string", Default = p?.Rel ?? "next", Description = "link_header: the Link relation followed" },
            new() { Name = "pagination.cursor_param", Type = "string", Default = p?.CursorParam, Description = "cursor (required): query parameter carrying the cursor" },
            new() { Name = "pagination.cursor_path", Type = "string", Default = p?.CursorPath, Description = "cursor (required): where the next cursor sits in a response" },
            new() { Name = "pagination.page_param", Type = "string", Default = p?.PageParam, Description = "page_offset (required): page number parameter" },
            new() { Name = "pagination.offset_param", Type = "string", Default = p?.OffsetParam, Description = "offset (required): offset parameter" },
            new() { Name = "pagination.limit_param", Type = "string", Default = p?.LimitParam, Description = "page_offset and offset (required): page size parameter" },
            new() { Name = "pagination.limit", Type = "integer", Default = p is { Limit: > 0 } ? Text(p.Limit) : null, Description = "page_offset and offset (required): page size" },
            new() { Name = "state.state_key", Type = "string", Default = d.Watermark?.StateKey ?? "watermark", Description = "state key of the watermark" },
            new() { Name = "state.watermark_field", Type = "string", Default = d.Watermark?.EventPath, Description = "event field whose newest value is stored (required in a state block)" },
            new() { Name = "state.watermark_param", Type = "string", Default = d.Watermark?.Param, Description = "query parameter the stored watermark is sent as (required in a state block)" },
            new() { Name = "incremental_from.state_key", Type = "string", Default = d.IncrementalFrom?.StateKey, Description = "state key of a second tracked field (required in an incremental_from block)" },
            new() { Name = "incremental_from.event_timestamp_path", Type = "string", Default = d.IncrementalFrom?.EventPath, Description = "event field tracked (required in an incremental_from block)" },
            new() { Name = "incremental_from.param_name", Type = "string", Default = d.IncrementalFrom?.Param, Description = "query parameter it is sent as (required in an incremental_from block)" },
        };
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Entries of a default map as YAML flow text; null when there are none.
    private static string? Flow(IEnumerable<string> entries)
    {
        var text = string.Join(", ", entries);
        return text.Length == 0 ? null : "{" + text + "}";
    }
}
