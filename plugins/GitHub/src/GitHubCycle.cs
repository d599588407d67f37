using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.GitHub;

/// <summary>
/// One cycle over the audit log, oldest first (<c>order=asc</c>): the first request of a traversal asks
/// for <c>created:&gt;=</c> the newest <c>@timestamp</c> already written less <c>lag_secs</c>; later pages follow GitHub's
/// <c>Link: rel="next"</c> (its <c>after</c> cursor), stored as <c>next_url</c> after every page (with
/// <c>next_url_query</c>, the fingerprint of the query it carries). A page without a next link, or an
/// empty one, completes the traversal and moves the range start.
/// </summary>
internal sealed class GitHubCycle : IPollCycle
{
    public const string NextUrlKey = "next_url";

    // 1973-03-03 in epoch ms; as Unix seconds, the year 5138.
    private const long FirstMilliseconds = 100_000_000_000;
    private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>();

    private readonly GitHubOptions _options;
    private readonly WatermarkTracker _watermark;
    private readonly PageLimits _limits;
    private readonly StoredNextUrl _next;

    public GitHubCycle(GitHubOptions options, CycleContext context)
    {
        _options = options;
        // created: takes seconds while @timestamp is in ms: the ids of the whole boundary second are kept,
        // since that second comes back on the next traversal.
        _watermark = new WatermarkTracker(
            new TrackedFieldOptions { StateKey = "watermark", EventPath = "@timestamp", Param = "phrase", FilterStep = 1000 }, context.State, context.EventIdPath);
        _limits = new PageLimits(options.MaxPages);
        // The `after` links repeat the phrase and include of the traversal's first request: edited, it starts again.
        // A stored link made with another org or enterprise is never followed, so its origin does not matter.
        _next = new StoredNextUrl(context, NextUrlKey, StoredNextUrl.FingerprintOf(options.Url, new KeyValuePair<string, string?>[]
        {
            new("phrase", options.Phrase), new("include", options.Include),
        }), "org, enterprise, phrase or include");
        var url = _next.Resume is { } resumed ? SameOrigin(resumed, "the stored next_url") : FirstUrl(context.SourceId);
        First = Request(url);
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        if (events.ParseError is null && IsObject(response.Body.Span)) throw new InvalidOperationException(NotAnArray(response.Url));
        _watermark.Observe(events);
        // created:>= is inclusive and rounded down to the second: that second's events written before come back.
        var repeats = _watermark.Repeats(events);
        var stop = _limits.Count(response, events);
        var next = LinkHeader.Find(response.HeaderValues("Link"), "next", response.Url);
        var complete = next is null || stop == PageStopReason.EmptyPage;
        var checkpoint = new Dictionary<string, string>();
        _next.Add(checkpoint, complete ? "" : SameOrigin(next!, "the next link").AbsoluteUri);
        if (complete) _watermark.AddCompleted(checkpoint);
        else _watermark.AddInProgress(checkpoint);
        var step = complete || stop != PageStopReason.None ? PageStep.Stop(checkpoint) : PageStep.Continue(Request(next!), checkpoint);
        return step with { Drop = repeats };
    }

    // A 404 or a 403 not about the rate limit fails the cycle naming what GitHub may mean by it.
    public PageStep? OnErrorStatus(PageResponse response) =>
        GitHubRefusal.Describe(response, _options.Url) is { } error ? throw new InvalidOperationException(error) : null;

    public IReadOnlyDictionary<string, string> Finish() => Nothing;

    private Uri FirstUrl(string sourceId)
    {
        var phrase = _options.Phrase;
        if (_watermark.Stored is { } ms)
        {
            // Set by hand as GitHub's created: writes it (2024-06-11T17:00:00Z): read past, every traversal asked for the
            // whole log, and the watermark never moved again (epoch ms never compare above it as numbers).
            if (!long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw new InvalidOperationException($"the stored watermark '{ms}' is not epoch milliseconds (GitHub's @timestamp): set one with "
                    + $"`helr state set {sourceId} watermark <epoch ms>`, or clear it with `helr state set {sourceId} watermark \"\"` to start at GitHub's default window (the last three months)");
            // Unix seconds (Slack's date_create, most APIs' times) read as ms are a day in January 1970: the traversal asked
            // for the whole log, rewriting every event older than the dedupe window. Every @timestamp since 1973 is past
            // FirstMilliseconds; 0 (the whole log, on purpose) is taken.
            if (value is > 0 and < FirstMilliseconds)
                throw new InvalidOperationException($"the stored watermark '{ms}' is Unix seconds, not epoch milliseconds (GitHub's @timestamp): set "
                    + $"`helr state set {sourceId} watermark {(value * 1000).ToString(CultureInfo.InvariantCulture)}`, or clear it with `helr state set {sourceId} watermark \"\"` "
                    + "to start at GitHub's default window (the last three months)");
            // GitHub indexes some events minutes after their @timestamp (hours in incidents): each traversal asks
            // again for lag_secs before the newest event written, and the source's dedupe window (on by default,
            // _document_id) drops those already written. created: takes seconds; rounding down keeps the boundary in range.
            var since = (DateTimeOffset.FromUnixTimeMilliseconds(value) - _options.Lag).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            phrase = (phrase is null ? "" : phrase + " ") + "created:>=" + since;
        }
        var parameters = new List<KeyValuePair<string, string>>();
        if (phrase is not null) parameters.Add(new("phrase", phrase));
        if (_options.Include is not null) parameters.Add(new("include", _options.Include));
        parameters.Add(new("order", "asc"));
        parameters.Add(new("per_page", _options.PerPage.ToString(CultureInfo.InvariantCulture)));
        return QueryString.Append(_options.Url, parameters);
    }

    // The audit log is a top-level array, even when empty. An object is another endpoint's answer (a url naming the
    // org or the API root): read as one event, it was written again every cycle and no audit event ever came.
    private static bool IsObject(ReadOnlySpan<byte> body)
    {
        var start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && body[start] == (byte)'{';
    }

    // Neither user info nor query: a url may carry a password, and the query is GitHub's link.
    private static string NotAnArray(Uri url) =>
        $"the answer from {url.Scheme}://{url.Authority}{url.AbsolutePath} is a JSON object, not the array of events GitHub's audit log answers with: "
        + "url must name an audit-log endpoint (…/orgs/<org>/audit-log or …/enterprises/<enterprise>/audit-log), or leave url out and set org or enterprise";

    private static PageRequest Request(Uri url) => new() { Url = url, Headers = GitHubOptions.Headers };

    // A link or stored URL to another origin is neither followed nor stored.
    private Uri SameOrigin(Uri url, string what)
    {
        var source = _options.Url;
        if (string.Equals(url.Scheme, source.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.IdnHost, source.IdnHost, StringComparison.OrdinalIgnoreCase) && url.Port == source.Port)
            return url;
        throw new InvalidOperationException($"{what} points to {url.Scheme}://{url.Authority}, not to the source's API ({source.Scheme}://{source.Authority}); Helr does not follow it");
    }
}
