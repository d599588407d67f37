using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic;

/// <summary>
/// What <c>helr plugins inspect generic</c> shows: every key the generic reader asks for, with the
/// defaults of docs/configuration.md. The keys every source type shares (<c>schedule</c>,
/// <c>retries</c>, <c>transform</c>, <c>dedupe</c>, ...) are the kernel's and documented there.
/// <c>GenericConfigKeysTests</c> holds this list to the reader.
/// </summary>
internal static class GenericConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "url", Type = "url", Required = true, Description = "absolute http(s) URL of a cycle's first request" },
        new() { Name = "method", Type = "string", Default = "get", Description = "get or post" },
        new() { Name = "body", Type = "mapping", Description = "any YAML value, sent as JSON with post ({} when absent)" },
        new() { Name = "headers", Type = "mapping", Description = "added to every request; a User-Agent here replaces helr/<version>" },
        new() { Name = "query_params", Type = "mapping", Description = "strings or whole numbers, on a cycle's first request only" },
        new() { Name = "auth", Type = "mapping", Description = "type: bearer, api_key, basic, oauth2 or google_service_account (docs/auth.md); none when absent" },
        new() { Name = "from", Type = "string", Description = "range start when no watermark is stored" },
        new() { Name = "from_param", Type = "string", Default = "since", Description = "query parameter carrying from" },
        new() { Name = "max_bytes", Type = "integer", Description = "stop paging once a cycle read this many body bytes; the next cycle continues" },
        new() { Name = "on_cursor_error", Type = "string", Default = "fail", Description = "reset or fail: what an expired or invalid cursor does" },
        new() { Name = "response_events_path", Type = "string", Description = "dotted path of the events array (default: a top-level array, or the first of items, data, events, logs, entries)" },
        new() { Name = "response_event_object_path", Type = "string", Description = "unwraps each element (e.g. node)" },
        new() { Name = "response_streaming", Type = "string", Description = "buffered or full: planned (checked, not acted on)" },
        new() { Name = "pagination.strategy", Type = "string", Description = "link_header, cursor, page_offset or offset; without pagination a cycle reads one page" },
        new() { Name = "pagination.max_pages", Type = "integer", Default = "100", Description = "pages per cycle at most" },
        new() { Name = "pagination.stop_on_empty_page", Type = "boolean", Default = "true", Description = "a cycle ends at the first empty page and stores where it stopped" },
        new() { Name = "pagination.rel", Type = "string", Default = "next", Description = "link_header: the Link relation followed" },
        new() { Name = "pagination.cursor_param", Type = "string", Description = "cursor (required): query parameter carrying the cursor" },
        new() { Name = "pagination.cursor_path", Type = "string", Description = "cursor (required): where the next cursor sits in a response" },
        new() { Name = "pagination.page_param", Type = "string", Description = "page_offset (required): page number parameter" },
        new() { Name = "pagination.offset_param", Type = "string", Description = "offset (required): offset parameter" },
        new() { Name = "pagination.limit_param", Type = "string", Description = "page_offset and offset (required): page size parameter" },
        new() { Name = "pagination.limit", Type = "integer", Description = "page_offset and offset (required): page size" },
        new() { Name = "state.state_key", Type = "string", Default = "watermark", Description = "state key of the watermark" },
        new() { Name = "state.watermark_field", Type = "string", Description = "event field whose newest value is stored (required with state)" },
        new() { Name = "state.watermark_param", Type = "string", Description = "query parameter the stored watermark is sent as (required with state)" },
        new() { Name = "incremental_from.state_key", Type = "string", Description = "state key of a second tracked field (required with incremental_from)" },
        new() { Name = "incremental_from.event_timestamp_path", Type = "string", Description = "event field tracked (required with incremental_from)" },
        new() { Name = "incremental_from.param_name", Type = "string", Description = "query parameter it is sent as (required with incremental_from)" },
        new() { Name = "hooks", Type = "mapping", Description = "script (a file under global.hooks.path) or script_inline: JavaScript hooks (docs/hooks.md)" },
    };
}
