using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta;

/// <summary>
/// What <c>helr plugins inspect okta</c> shows: <c>domain</c>, <c>auth</c> and every declarative key
/// of the SDK's reader with Okta's defaults. <c>OktaConfigKeysTests</c> holds it to the reader.
/// </summary>
internal static class OktaConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "domain", Type = "string", Description = "the org's host name, e.g. acme.okta.com (not the -admin one); required unless url is set" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: bearer (token_env/token_file; an API token, sent as SSWS unless prefix is set) or type: oauth2" },
        new() { Name = "url", Type = "url", Default = "https://<domain>/api/v1/logs", Description = "replaces the System Log URL (a proxy, a test server)" },
        new() { Name = "method", Type = "string", Default = "get", Description = "get or post" },
        new() { Name = "body", Type = "mapping", Description = "JSON body of a post request" },
        new() { Name = "headers", Type = "mapping", Description = "extra request headers" },
        new() { Name = "query_params", Type = "mapping", Default = "{limit: 1000}", Description = "query parameters of the first request (filter, q, ...); a limit you write replaces 1000" },
        new() { Name = "from", Type = "string", Default = "7 days back", Description = "since of the very first request (RFC 3339); later cycles resume from state" },
        new() { Name = "from_param", Type = "string", Default = "since", Description = "query parameter carrying from" },
        new() { Name = "on_cursor_error", Type = "string", Default = "fail", Description = "reset or fail: what an expired next link does" },
        new() { Name = "max_bytes", Type = "integer", Description = "stop paging once a cycle read this many body bytes" },
        new() { Name = "response_events_path", Type = "string", Description = "where the events array sits (Okta answers a bare array)" },
        new() { Name = "response_event_object_path", Type = "string", Description = "unwraps each element (e.g. node)" },
        new() { Name = "pagination.strategy", Type = "string", Default = "link_header", Description = "link_header, cursor, page_offset or offset" },
        new() { Name = "pagination.rel", Type = "string", Default = "next", Description = "the Link relation followed" },
        new() { Name = "pagination.max_pages", Type = "integer", Default = "20", Description = "pages per cycle at most" },
        new() { Name = "pagination.stop_on_empty_page", Type = "boolean", Default = "true", Description = "a cycle ends at the first empty page and stores its next link" },
        new() { Name = "pagination.cursor_param", Type = "string", Description = "cursor strategy: query parameter carrying the cursor" },
        new() { Name = "pagination.cursor_path", Type = "string", Description = "cursor strategy: where the next cursor sits in a response" },
        new() { Name = "pagination.page_param", Type = "string", Description = "page_offset strategy: page number parameter" },
        new() { Name = "pagination.offset_param", Type = "string", Description = "offset strategy: offset parameter" },
        new() { Name = "pagination.limit_param", Type = "string", Description = "page_offset/offset strategy: page size parameter" },
        new() { Name = "pagination.limit", Type = "integer", Description = "page_offset/offset strategy: page size" },
        new() { Name = "state.state_key", Type = "string", Default = "watermark", Description = "state key of the watermark" },
        new() { Name = "state.watermark_field", Type = "string", Default = "published", Description = "event field whose newest value is stored" },
        new() { Name = "state.watermark_param", Type = "string", Default = "since", Description = "query parameter the stored watermark is sent as" },
        new() { Name = "incremental_from.state_key", Type = "string", Description = "state key of a second tracked field" },
        new() { Name = "incremental_from.event_timestamp_path", Type = "string", Description = "event field tracked" },
        new() { Name = "incremental_from.param_name", Type = "string", Description = "query parameter it is sent as" },
    };
}
