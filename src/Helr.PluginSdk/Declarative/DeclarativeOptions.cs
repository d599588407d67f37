using Helr.PluginSdk.Paging;

namespace Helr.PluginSdk.Declarative;

/// <summary>
/// Everything a declarative source needs to build its requests and pages. Vendor plugins start from
/// their own defaults; <see cref="DeclarativeReader"/> lays the user's keys over them.
/// </summary>
public sealed record DeclarativeOptions
{
    /// <summary><c>url</c>: absolute http(s) URL of the first request.</summary>
    public Uri? Url { get; init; }

    /// <summary><c>method</c>: GET (default) or POST.</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary><c>body</c>: JSON body for POST requests.</summary>
    public byte[]? Body { get; init; }

    /// <summary><c>headers</c>: extra request headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary><c>query_params</c>: added to the first request of a cycle.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParams { get; init; } = Array.Empty<KeyValuePair<string, string>>();

    /// <summary><c>from</c>: start of the range, sent when no state exists yet.</summary>
    public string? From { get; init; }

    // A vendor's default from moves with the clock (Okta: seven days back): only a written one defines the query.
    internal bool FromWritten { get; init; }

    /// <summary><c>from_param</c>: query parameter carrying <see cref="From"/> (default <c>since</c>).</summary>
    public string FromParam { get; init; } = "since";

    /// <summary><c>pagination</c>; null means a single request per cycle.</summary>
    public PaginationOptions? Pagination { get; init; }

    /// <summary><c>incremental_from</c>.</summary>
    public TrackedFieldOptions? IncrementalFrom { get; init; }

    /// <summary><c>state</c> (watermark).</summary>
    public TrackedFieldOptions? Watermark { get; init; }

    /// <summary><c>max_bytes</c>: stop paging once the cycle has read more than this many body bytes.</summary>
    public long? MaxBytes { get; init; }

    /// <summary><c>on_cursor_error</c>: reset the stored cursor when the API rejects it (else fail).</summary>
    public bool ResetOnCursorError { get; init; }

    /// <summary><c>response_events_path</c>.</summary>
    public string? EventsPath { get; init; }

    /// <summary><c>response_event_object_path</c>.</summary>
    public string? EventObjectPath { get; init; }
}
