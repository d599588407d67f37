using Helr.PluginSdk.Config;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;

namespace Helr.PluginSdk.Declarative;

/// <summary>Reads the declarative keys of a source, laying them over a vendor's defaults.</summary>
public static class DeclarativeReader
{
    /// <summary>The YAML names of <see cref="PaginationStrategy"/> values, in declaration order.</summary>
    public static IReadOnlyList<string> StrategyNames { get; } = new[] { "link_header", "cursor", "page_offset", "offset" };

    /// <summary>Reads <paramref name="source"/>; problems are recorded on its errors.</summary>
    public static DeclarativeOptions Read(ConfigNode source, DeclarativeOptions? defaults = null)
    {
        var d = defaults ?? new DeclarativeOptions();
        var url = ReadUrl(source, d.Url);
        var method = source.Choice("method", new[] { "get", "post" }) switch
        {
            "post" => HttpMethod.Post,
            "get" => HttpMethod.Get,
            _ => d.Method,
        };
        var body = source.Child("body")?.ToJsonBytes() ?? d.Body;
        var from = source.String("from") ?? d.From;
        var fromParam = NonEmpty(source, "from_param") ?? d.FromParam;
        var cursorError = source.Choice("on_cursor_error", new[] { "reset", "fail" });
        var maxBytes = source.AtLeastOne("max_bytes", "0 is not unlimited: every page is over it, so upstream reads one page per poll "
            + "(and none with cursor paging); leave max_bytes out for no byte limit, or set pagination.max_pages: 1");
        var pagination = PaginationReader.Read(source, d.Pagination);
        var query = source.StringMap("query_params", integersOnly: true);
        WarnPagingParams(source, query, pagination);
        var options = d with
        {
            Url = url,
            Method = method,
            Body = body,
            Headers = Merge(d.Headers, Checked(source, source.StringMap("headers")), StringComparer.OrdinalIgnoreCase),
            QueryParams = Merge(d.QueryParams, query, StringComparer.Ordinal),
            From = from,
            FromWritten = source.String("from") is not null || d.FromWritten,
            FromParam = fromParam,
            Pagination = pagination,
            IncrementalFrom = ReadTracked(source, "incremental_from", "state_key", "event_timestamp_path", "param_name", null) ?? d.IncrementalFrom,
            Watermark = ReadTracked(source, "state", "state_key", "watermark_field", "watermark_param", "watermark") ?? d.Watermark,
            MaxBytes = maxBytes ?? d.MaxBytes,
            ResetOnCursorError = cursorError is null ? d.ResetOnCursorError : cursorError == "reset",
            EventsPath = source.DottedPathString("response_events_path") ?? d.EventsPath,
            EventObjectPath = source.DottedPathString("response_event_object_path") ?? d.EventObjectPath,
        };
        WarnRangeStartParams(source, query, options);
        TrackedStateKeys.Check(source, options);
        return options;
    }

    // The first request sends the range start (stored watermark or incremental value, else from); an
    // entry of its name is left out then, and sent only on a first request without one.
    private static void WarnRangeStartParams(ConfigNode source, IReadOnlyList<KeyValuePair<string, string>>? query, DeclarativeOptions o)
    {
        foreach (var (name, _) in query ?? [])
        {
            var key = name == o.Watermark?.Param ? "state.watermark_param" : name == o.IncrementalFrom?.Param ? "incremental_from.param_name"
                : o.From is not null && name == o.FromParam ? "from_param" : null;
            if (key is not null)
                source.Errors.Warn(source.ChildPath("query_params") + "." + name,
                    $"names {key}, which Helr sets to where the cycle starts; this entry is sent only on a first request with nothing stored and no from to send");
        }
    }

    private static Uri? ReadUrl(ConfigNode source, Uri? fallback)
    {
        var text = source.String("url", required: fallback is null);
        if (text is null) return fallback;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            return url;
        if (text.Length > 0) source.Fail("url", $"'{Shown(text)}' is not an absolute http:// or https:// URL");
        return fallback;
    }

    // Enough of a bad URL to spot the mistake, without the user info or query that may hold credentials.
    internal static string Shown(string url)
    {
        // User info ends at the last '@' before the path; a password may itself hold '@', '#' or '?'.
        var scheme = url.IndexOf("//", StringComparison.Ordinal);
        var authority = scheme >= 0 ? scheme + 2 : 0;
        var path = url.IndexOf('/', authority);
        var at = url.LastIndexOf('@', path < 0 ? url.Length - 1 : path);
        var shown = at >= authority ? url[..authority] + "…" + url[at..] : url;
        var query = shown.IndexOfAny(['?', '#']);
        return query < 0 ? shown : shown[..query] + "?…";
    }

    // Sent as written: a line break in a value would start a header of its own or end the request's
    // headers, and a name that is not an HTTP token would fail every request. The value is not quoted:
    // it may be a credential (a variable's value that ends with a newline, most likely).
    private static IReadOnlyList<KeyValuePair<string, string>>? Checked(ConfigNode source, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        if (headers is null) return null;
        var node = source.Child("headers")!;
        foreach (var (name, value) in headers)
        {
            if (!HttpToken.IsHeaderName(name))
                node.Fail(name, "not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
            else if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
                node.Fail(name, "the value holds a line break (or NUL), which would be sent as is; remove it (does a variable's value end with a newline?)");
        }
        return headers;
    }

    // A user's entry replaces the default of the same name: any case for a header name, exactly for a
    // query parameter name (case-sensitive to the APIs: `Limit` is not `limit`).
    private static IReadOnlyList<KeyValuePair<string, string>> Merge(
        IReadOnlyList<KeyValuePair<string, string>> defaults, IReadOnlyList<KeyValuePair<string, string>>? user, StringComparer names)
    {
        if (user is null) return defaults;
        var result = defaults.Where(kv => !user.Any(u => names.Equals(u.Key, kv.Key))).ToList();
        result.AddRange(user);
        return result;
    }

    // page_offset / offset send their own page and size parameters on every page; an entry of the same
    // name is left out of the requests rather than sent beside them (an API taking the first would page
    // by another size than the one that tells the last page).
    private static void WarnPagingParams(ConfigNode source, IReadOnlyList<KeyValuePair<string, string>>? query, PaginationOptions? p)
    {
        if (query is null || p is null || p.Strategy is not (PaginationStrategy.PageOffset or PaginationStrategy.Offset)) return;
        var own = p.Strategy == PaginationStrategy.PageOffset ? ("page_param", p.PageParam) : ("offset_param", p.OffsetParam);
        foreach (var (name, _) in query)
        {
            var key = name == own.Item2 ? own.Item1 : name == p.LimitParam ? "limit_param" : null;
            if (key is not null)
                source.Errors.Warn(source.ChildPath("query_params") + "." + name, $"names pagination.{key}, which Helr sets on every page; this entry is not sent");
        }
    }

    private static TrackedFieldOptions? ReadTracked(ConfigNode source, string block, string keyName, string pathName, string paramName, string? defaultKey)
    {
        var node = source.Mapping(block);
        if (node is null) return null;
        var key = (defaultKey is null ? node.String(keyName, required: true) : NonEmpty(node, keyName)) ?? defaultKey;
        var path = node.DottedPathString(pathName, required: true);
        var param = node.String(paramName, required: true);
        return key is null || path is null || param is null ? null : new TrackedFieldOptions { StateKey = key, EventPath = path, Param = param };
    }

    // An optional key written empty is never meant: `rel: ""` follows no link (one page per cycle, and
    // a watermark moved past the pages after it), `from_param: ""` sends `=<from>`, `state_key: ""`
    // stores the watermark under an empty key.
    internal static string? NonEmpty(ConfigNode node, string key)
    {
        var value = node.String(key);
        if (value is { Length: 0 }) node.Fail(key, "must not be empty");
        return value;
    }
}
