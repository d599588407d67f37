using System.Text;
using System.Text.Json.Nodes;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// One poll cycle of a hook source: the declarative cycle underneath, with each defined hook taking
/// over its step. Differences from upstream, on purpose: a page's request always goes through the
/// kernel's sender; <c>buildRequest</c>'s <c>query</c> is always appended; the URL and body that
/// <c>getNextPage</c> returns win over <c>buildRequest</c>'s on the pages after the first, so paging
/// advances instead of asking for the same page again; <c>commitState</c> runs once the cycle's
/// pages are written, and its values are stored after them.
/// </summary>
internal sealed class HookCycle : IPollCycle
{
    public const int DefaultMaxPages = 100;

    private readonly HookSource _source;
    private readonly IPollCycle _declarative;
    private readonly CycleContext _context;
    private readonly HookCall _call;
    private readonly Dictionary<string, string> _state;
    private readonly JsonObject? _auth;
    private readonly JsonArray _events = new();
    private readonly int _maxPages;
    private int _pages;
    private readonly HookRepeatedPage _repeated = new();
    private long _bytes;
    // The page getNextPage or the declarative pagination asked for when max_pages or max_bytes ended
    // the cycle: commitState must not store a position (a watermark) past the pages left unread, so it
    // is told where paging stopped.
    private JsonObject? _unfollowed;
    // The URL of the last request shaped, before the hooks' query was appended to it: the page after
    // it, when getNextPage gives only a body, is asked at this URL (with the query once more), as
    // upstream keeps its current URL.
    private string? _unqueried;
    // The credentials the hooks put on a page's query (all of getAuth's, buildRequest's named like one):
    // cut out of the URLs the cycle stores.
    private readonly HashSet<KeyValuePair<string, string>> _sentCredentials = new();
    // ctx.request_id, as upstream's: one per page, drawn as its request is shaped, so buildRequest,
    // parseResponse and getNextPage of a page get the same, and the page's lines carry it as
    // meta.request_id (a line can be traced to what the script logged for its request).
    private string _requestId;
    // Origins buildRequest returned a url on: the script's own choice, where getAuth's session goes too.
    private readonly List<Uri> _sessionOrigins = new();
    private bool _foreignWarned;

    public HookCycle(HookSource source, IPollCycle declarative, CycleContext context)
    {
        _source = source;
        _declarative = declarative;
        _context = context;
        _call = new HookCall(context.SourceId, context.Sender, context.Log, context.Cancellation, new HookSecrets(source.Options.Headers, source.AuthVariables));
        _state = context.State.All.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        _maxPages = source.Options.Pagination?.MaxPages ?? DefaultMaxPages;
        _requestId = HookValues.RequestId(context.Time);
        if (Defines("getAuth")) _auth = source.Auth(() => Call("getAuth", Ctx()), context.Time);
        _call.Secrets.AddAuth(_auth);
        First = declarative.First is { } first
            ? Shape(HookResume.Start(first, _state, source.Options.Pagination, Defines("getNextPage"), Script.File), next: null)
            : null;
    }

    public PageRequest? First { get; }

    public PageStep OnPage(PageResponse response, EventBatch events) => Stored(Step(response, events));

    private PageStep Step(PageResponse response, EventBatch events)
    {
        _pages++;
        _bytes += response.Body.Length;
        var batch = events;
        JsonArray? parsed = null;
        // A page the kernel could not read (on_parse_error: skip) is skipped, by the hooks too.
        if (events.ParseError is null && Defines("parseResponse"))
        {
            if (Call("parseResponse", Ctx(), HookValues.Response(response)) is { } result)
            {
                parsed = HookEvents.Parsed(result, Script.File);
                batch = HookEvents.Batch(parsed);
            }
            // No result: the declarative extraction the kernel skipped for this source.
            else batch = HookEvents.Declarative(_source.DeclarativeExtractor, response.Body);
        }
        batch = batch with { RequestId = _requestId };
        // Only the script's paging needs this: the declarative one stops at a link or cursor that repeats.
        if (Defines("getNextPage") && batch.ParseError is null && _repeated.Repeats(batch))
        {
            // Where to go on is this page, as when max_pages cuts the cycle: asked again next cycle.
            _unfollowed = Unread(response.Request);
            return PageStep.Stop() with { Events = batch, Drop = Enumerable.Range(0, batch.Count).ToArray() };
        }
        if (Defines("commitState"))
        {
            if (parsed is not null) foreach (var e in parsed) _events.Add(e!.DeepClone());
            else foreach (var e in HookEvents.FromBatch(batch, _context.SourceId)) _events.Add(e);
        }
        if (!Defines("getNextPage"))
        {
            var step = _declarative.OnPage(response, batch) with { Events = batch };
            if (step.Next is not { } n)
            {
                // The paging stops at a page it could not read (cursor): commitState must not store a position past it.
                if (batch.ParseError is not null && !step.EndOfData) _unfollowed = Unread(response.Request);
                return step;
            }
            // The declarative pagination's checkpoint with a next page is the one it stores when cut short.
            if (!Cut()) return step with { Next = Shape(n, next: null) };
            _unfollowed = HookValues.Request(n);
            return step with { Next = null };
        }
        if (batch.ParseError is not null)
        {
            // getNextPage would read the page's raw text, and where paging goes on may depend on the body
            // (as for cursor paging): the cycle stops, and commitState is told this page is still to read.
            _unfollowed = Unread(response.Request);
            return PageStep.Stop() with { Events = batch };
        }
        _repeated.Used();
        var next = Call("getNextPage", Ctx(), HookValues.Request(response.Request), HookValues.Response(response)) as JsonObject;
        var hasNext = next is not null && (next["url"] is not null || next["body"] is not null);
        if (!hasNext) return PageStep.Stop() with { Events = batch };
        if (Cut())
        {
            _unfollowed = next;
            return PageStep.Stop() with { Events = batch };
        }
        var following = Shape(response.Request, next);
        // The request just answered with no events, asked again (Okta's next link once the source is caught
        // up): the same empty answer, up to max_pages requests a cycle against the API's rate limit. The
        // cycle stops there and commitState gets it as next_page. (A queue-like API that answers the same
        // request with new events is read on: that page had events.)
        if (batch.Count == 0 && SameRequest(following, response.Request))
        {
            _unfollowed = next;
            return PageStep.Stop() with { Events = batch };
        }
        return PageStep.Continue(following) with { Events = batch };
    }

    public PageStep? OnErrorStatus(PageResponse response)
    {
        // The API refused what getAuth gave (an expired session cookie or token): the next cycle asks
        // getAuth again instead of resending it until auth_cache_ttl_secs runs out.
        if (response.StatusCode is 401 or 403 && Defines("getAuth")) _source.ForgetAuth();
        return _declarative.OnErrorStatus(response) is { } step ? Stored(step with { Next = step.Next is { } n ? Shape(n, next: null) : null }) : null;
    }

    private PageStep Stored(PageStep step) =>
        _sentCredentials.Count == 0 ? step : step with { Checkpoint = step.Checkpoint.ToDictionary(kv => kv.Key, kv => HookQuery.Without(kv.Value, _sentCredentials), StringComparer.Ordinal) };

    public IReadOnlyDictionary<string, string> Finish()
    {
        var values = _declarative.Finish().ToDictionary(kv => kv.Key, kv => HookQuery.Without(kv.Value, _sentCredentials), StringComparer.Ordinal);
        if (!Defines("commitState")) return values;
        _requestId = HookValues.RequestId(_context.Time);
        var ctx = Ctx();
        if (_unfollowed is not null)
        {
            ctx["next_page"] = _unfollowed.DeepClone();
            ctx["nextPage"] = _unfollowed.DeepClone();
        }
        // A URL the script stores (ctx.next_page.url, taken from a vendor link repeating the page's query) gets the
        // hooks' credentials again when resumed: stored with them, state show and state export printed them.
        foreach (var (key, value) in HookValues.StringEntries(Call("commitState", ctx, _events))) values[key] = HookQuery.Without(value, _sentCredentials);
        return values;
    }

    // A page not read, as commitState's next_page: asked again at its URL before the hooks' query.
    private JsonObject Unread(PageRequest request)
    {
        var page = HookValues.Request(request);
        if (_unqueried is not null) page["url"] = _unqueried;
        return page;
    }

    private static bool SameRequest(PageRequest a, PageRequest b) =>
        a.Url.AbsoluteUri == b.Url.AbsoluteUri && a.Method == b.Method
        && (a.JsonBody ?? ReadOnlyMemory<byte>.Empty).Span.SequenceEqual((b.JsonBody ?? ReadOnlyMemory<byte>.Empty).Span);

    // max_pages (100 when unset) and max_bytes (the page that crosses it is still used) end the cycle.
    private bool Cut() => _pages >= _maxPages || (_source.Options.MaxBytes is { } max && _bytes > max);

    private HookScript Script => _source.Sandbox.Script;

    private bool Defines(string hook) => Script.Defines(hook);

    private JsonNode? Call(string hook, params JsonNode?[] args) => _source.Sandbox.Invoke(hook, _call, args);

    private JsonObject Ctx() => HookValues.Context(_context.SourceId, _state, _source.Options.From, _source.Options.Headers, _requestId);

    /// <summary>
    /// The request for a page: <paramref name="basis"/> (the declarative request, or the last one sent
    /// when <c>getNextPage</c> gave <paramref name="next"/>) with getAuth's and buildRequest's parts.
    /// </summary>
    private PageRequest Shape(PageRequest basis, JsonObject? next)
    {
        _requestId = HookValues.RequestId(_context.Time);
        var built = Defines("buildRequest") ? Call("buildRequest", Ctx()) as JsonObject : null;
        var builtUrl = HookValues.String(built?["url"]);
        var url = HookValues.String(next?["url"]) ?? builtUrl ?? (next is not null ? _unqueried : null) ?? basis.Url.AbsoluteUri;
        _unqueried = url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new HookException($"hooks in {Script.File} gave the URL '{url}', which is not an absolute http(s) URL");
        // buildRequest's url, not the one sent: getNextPage's url (a vendor's link elsewhere) wins over it.
        if (builtUrl is not null && Uri.TryCreate(builtUrl, UriKind.Absolute, out var chosen)) _sessionOrigins.Add(chosen);
        var auth = SessionGoesTo(uri) ? _auth : null;
        // A vendor's link repeats the query its page was sent with, getAuth's key too.
        if (auth is null && _auth?["query"] is not null) uri = new Uri(HookQuery.Without(uri.AbsoluteUri, HookValues.StringEntries(_auth["query"])));
        var query = HookValues.StringEntries(auth?["query"]);
        _sentCredentials.UnionWith(query);
        // All of getAuth's authenticates, whatever its name (?sid=…): a recording must keep none of it.
        var credentials = query.Concat(HookValues.StringEntries(auth?["body"])).Select(q => q.Value).ToList();
        var builtQuery = HookValues.StringEntries(built?["query"]);
        _sentCredentials.UnionWith(builtQuery.Where(q => HookSecrets.IsCredentialName(q.Key)));
        query.AddRange(builtQuery);
        if (query.Count > 0) uri = HookQuery.Apply(uri, query);
        var headers = new List<KeyValuePair<string, string>>(basis.Headers);
        // The page before (getNextPage's basis) carried them.
        if (auth is null && _auth is not null) headers.RemoveAll(IsSession);
        headers.AddRange(HookValues.StringEntries(auth?["headers"]));
        if (HookValues.String(auth?["cookie"]) is { Length: > 0 } cookie) headers.Add(new("Cookie", cookie));
        headers.AddRange(HookValues.StringEntries(built?["headers"]));
        var body = basis.JsonBody;
        // The last request's body may be getAuth's: elsewhere, the source's own body is sent instead.
        if (auth is null && _auth?["body"] is not null && basis.Method == HttpMethod.Post) body = _source.Options.Body is { } own ? own : null;
        var hookBody = next?["body"] ?? built?["body"] ?? auth?["body"];
        if (basis.Method == HttpMethod.Post && hookBody is not null) body = Encoding.UTF8.GetBytes(hookBody.ToJsonString());
        return new PageRequest { Method = basis.Method, Url = uri, JsonBody = body, Headers = Dedupe(headers), Credentials = credentials };
    }

    // getAuth's session goes where the source's url or buildRequest's points, not to another origin a
    // getNextPage URL (a vendor's link read from the body) or a stored next_url leads to: it was sent
    // there, while the kernel keeps the declarative auth on the source's origin. Left off, as a redirect
    // to another origin drops it; the page is still asked for, as upstream asks.
    private bool SessionGoesTo(Uri uri)
    {
        if (_auth is null || _source.CredentialOrigins.Concat(_sessionOrigins).Any(o => SameOrigin(o, uri))) return true;
        if (_foreignWarned) return false;
        _foreignWarned = true;
        _context.Log.Write(PluginLogLevel.Warning,
            "hooks in {Script}: a page on {Origin}, another origin than the source's url and buildRequest's, is asked for without getAuth's headers, cookie, query and body",
            Script.File, $"{uri.Scheme}://{uri.Authority}");
        return false;
    }

    private bool IsSession(KeyValuePair<string, string> header) =>
        HookValues.StringEntries(_auth?["headers"]).Any(a => a.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase) && a.Value == header.Value)
        || (header.Key.Equals("Cookie", StringComparison.OrdinalIgnoreCase) && header.Value == HookValues.String(_auth?["cookie"]));

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    // Later parts replace earlier ones of the same name (a hook's Content-Type over the source's).
    private static IReadOnlyList<KeyValuePair<string, string>> Dedupe(List<KeyValuePair<string, string>> headers)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var h in headers)
        {
            result.RemoveAll(r => r.Key.Equals(h.Key, StringComparison.OrdinalIgnoreCase));
            result.Add(h);
        }
        return result;
    }
}
