using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack;

/// <summary>
/// One cycle over Slack's audit log, newest first: <c>oldest</c> (the range start) goes on every page
/// as Slack requires (<c>lag_secs</c> before the newest entry written), <c>cursor</c> carries the position, and the empty <c>next_cursor</c> ends the
/// traversal. The range start moves (to the newest <c>date_create</c> written) only when a traversal
/// completes, so a traversal that spans cycles keeps asking for the same range. A stored cursor made with
/// other filters is not resumed (<see cref="StoredCursor"/>).
/// </summary>
internal sealed class SlackCycle : IPollCycle
{
    public const string CursorKey = "cursor";

    /// <summary>Where upstream's Slack guide (generic <c>incremental_from</c>) keeps the newest <c>date_create</c> written.</summary>
    public const string UpstreamKey = "oldest_ts";
    private static readonly DottedPath NextCursor = DottedPath.Parse("response_metadata.next_cursor");
    private static readonly DottedPath Error = DottedPath.Parse("error");
    private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>();

    private readonly SlackOptions _options;
    private readonly CycleContext _context;
    private readonly WatermarkTracker _watermark;
    private readonly PageLimits _limits;
    private readonly Uri _range;
    private readonly StoredCursor _cursor;

    public SlackCycle(SlackOptions options, CycleContext context)
    {
        _options = options;
        _context = context;
        _watermark = new WatermarkTracker(new TrackedFieldOptions { StateKey = "watermark", EventPath = "date_create", Param = "oldest" }, context.State, context.EventIdPath);
        // Slack may answer a page with no entries, or fewer than limit, while more follow (its pagination
        // guide): newest first, ending the traversal there would move the range start past the older
        // pages. Only the empty next_cursor ends it; an empty page with a cursor is followed.
        _limits = new PageLimits(options.MaxPages, stopOnEmptyPage: false);
        var oldest = Oldest(_watermark.Stored ?? UpstreamStart(context.State), _watermark.Stored is null ? UpstreamKey : "watermark", options, context.SourceId);
        var parameters = new List<KeyValuePair<string, string>>();
        if (oldest is not null) parameters.Add(new("oldest", oldest));
        parameters.AddRange(options.QueryParams);
        _range = QueryString.Append(options.Url, parameters);
        _cursor = new StoredCursor(context, CursorKey, QueryFingerprint(options), "url or query_params filters");
        First = Page(_cursor.Resume);
    }

    // Slack reads the rest of a traversal with whatever filters come with its cursor: resumed after an
    // edit, the newer part of the range had been read with the old filters and the older part with the
    // new, and the entries only the new ones match in the newer part were never read. limit is a page
    // size; from and lag_secs move only the range's oldest end, which the traversal reaches last.
    private static string QueryFingerprint(SlackOptions options) => StoredCursor.FingerprintOf(options.Url,
        options.QueryParams.Where(q => q.Key != "limit").Select(q => new KeyValuePair<string, string?>("query_params." + q.Key, q.Value)));

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        // A page that could not be read (on_parse_error: skip) is not written, and its next_cursor cannot be
        // trusted (none read would end the traversal and move the range start past the older pages): the
        // stored cursor stays the one that asked for it; the kernel reports the source stalled if it stays so.
        if (events.ParseError is not null) return PageStep.Stop();
        if (SlackEventExtractor.IsError(response.Body.Span)) return OnSlackError(response);
        _watermark.Observe(events);
        // oldest is inclusive: the events at the stored second come back and were written already.
        var repeats = _watermark.Repeats(events);
        var stop = _limits.Count(response, events);
        var next = NextCursor.ReadString(response.Body.Span);
        var complete = string.IsNullOrEmpty(next);
        var checkpoint = new Dictionary<string, string>();
        _cursor.Add(checkpoint, next);
        if (complete) _watermark.AddCompleted(checkpoint);
        else _watermark.AddInProgress(checkpoint);
        if (complete || stop != PageStopReason.None) return PageStep.Stop(checkpoint) with { Drop = repeats };
        return PageStep.Continue(Page(next), checkpoint) with { Drop = repeats };
    }

    public PageStep? OnErrorStatus(PageResponse response)
    {
        if (_options.ResetOnCursorError && CursorSent(response) && CursorResetPolicy.IsCursorRejected(response)) return Reset(response.StatusCode);
        // The audit logs API answers its own auth and plan errors with 401/403 and the same ok:false
        // body: the operator gets the hint a 200 one would have, not just the status and the body.
        if (!SlackEventExtractor.IsError(response.Body.Span) || Error.ReadString(response.Body.Span) is not { } code || Hint(code, response) is not { Length: > 0 } hint) return null;
        throw new InvalidOperationException($"Slack answered ok:false with error '{code}' (HTTP {response.StatusCode}){hint}");
    }

    public IReadOnlyDictionary<string, string> Finish() => Nothing;

    // A source id moved from upstream's generic Slack config to type: slack has no watermark yet: without
    // its oldest_ts the first traversal re-read (and re-wrote) all the audit log Slack keeps. Same value,
    // same tracker; lag_secs still applies, and watermark takes over once a traversal completes.
    private static string? UpstreamStart(ISourceState state) => state.Get(UpstreamKey) is { Length: > 0 } value ? value : null;

    // An entry listed after a traversal passed its date_create would be missed by a range starting at the
    // newest entry written: the range goes back lag_secs, and the dedupe window (id, on for every slack
    // source) drops the entries already written. Never before from: those were never meant to be written.
    // key: where stored was read; clearing watermark would leave a bad oldest_ts in place.
    private static string? Oldest(string? stored, string key, SlackOptions options, string sourceId)
    {
        if (stored is null) return options.From;
        // Set by hand as a time (2024-06-11T17:00:00Z): sent as oldest it is no range Slack reads, and Unix-second
        // maxima never compare above the text, so the watermark would never move again.
        if (!long.TryParse(stored, NumberStyles.Integer, CultureInfo.InvariantCulture, out var newest))
            throw new InvalidOperationException($"the stored range start '{stored}' is not Unix seconds (Slack's date_create): set one with "
                + $"`helr state set {sourceId} watermark <unix seconds>`, or clear it with `helr state set {sourceId} {key} \"\"` to start at from");
        // Epoch ms (as GitHub's @timestamp and JavaScript's Date.now() write times) went out as an oldest tens of thousands of years ahead:
        // every cycle read no entry, succeeded, and the watermark never moved.
        if (newest >= SlackOptions.FirstMilliseconds)
            throw new InvalidOperationException($"the stored range start '{stored}' is in milliseconds, not Unix seconds (Slack's date_create), so no entry would ever be read: "
                + $"set it with `helr state set {sourceId} watermark <unix seconds>` ({(newest / 1000).ToString(CultureInfo.InvariantCulture)}), "
                + $"or clear it with `helr state set {sourceId} {key} \"\"` to start at from");
        var oldest = newest - options.LagSecs;
        if (options.From is { } from && long.TryParse(from, NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)) oldest = Math.Max(oldest, start);
        return oldest.ToString(CultureInfo.InvariantCulture);
    }

    private PageRequest Page(string? cursor) =>
        PageRequest.Get(cursor is null ? _range : QueryString.Append(_range, CursorKey, cursor));

    // Slack answers most errors with HTTP 200 and {"ok": false, "error": "<code>"}: never events.
    private PageStep OnSlackError(PageResponse response)
    {
        var code = Error.ReadString(response.Body.Span) ?? "(no error code)";
        if (code == "invalid_cursor" && _options.ResetOnCursorError && CursorSent(response)) return Reset(response.StatusCode);
        throw new InvalidOperationException($"Slack answered ok:false with error '{code}' (HTTP {response.StatusCode}){Hint(code, response)}");
    }

    private string Hint(string code, PageResponse response) =>
        // With fail, every later cycle sends the same stored cursor and fails alike until someone clears it.
        code == "invalid_cursor" && CursorSent(response)
            ? $": Slack no longer takes the stored cursor, and every cycle will send it again; set on_cursor_error: reset, or clear it with `helr state set {_context.SourceId} cursor \"\"` (the traversal then starts again from its range start)"
            : Hint(code);

    private PageStep Reset(int status)
    {
        _context.Log.Warn("Slack rejected the stored cursor (HTTP {Status}); the next cycle starts the traversal again from its range start", status);
        var checkpoint = new Dictionary<string, string>();
        _cursor.Add(checkpoint, "");
        _watermark.AddInProgress(checkpoint);
        return PageStep.Stop(checkpoint);
    }

    private static bool CursorSent(PageResponse response) =>
        response.Request.Url.Query.Contains(CursorKey + "=", StringComparison.Ordinal);

    private static string Hint(string code) => code switch
    {
        "invalid_auth" or "not_authed" or "token_revoked" or "token_expired" or "account_inactive"
            or "invalid_authentication" or "missing_authentication" =>
            ": the token is missing, wrong or revoked; use an org owner's user token (xoxp-) with auditlogs:read",
        "missing_scope" or "not_allowed_token_type" => ": the token needs the auditlogs:read scope and must be a user token of an Enterprise org owner",
        "user_not_authorized" => ": the token must be an Enterprise org owner's (an org admin's is refused)",
        "feature_not_enabled" or "invalid_workspace" or "team_not_authorized" =>
            ": audit logs need Slack Enterprise (Grid), read with a token of an app installed on the organization, not on a workspace",
        _ => "",
    };
}
