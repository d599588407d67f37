using System.Text.RegularExpressions;
using Helr.Kernel.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// The recorded exchanges of one source and which of them replay has served. A request gets the
/// first unused exchange with its method, path, query and body; failing that, the first unused one
/// with its method and path (a query or body computed from the clock, such as <c>since=</c>, differs
/// between runs); an upstream recording (no request recorded) is served in order.
/// </summary>
internal sealed class SourceRecording(string sourceId, string folder, IReadOnlyList<string> files)
{
    private readonly object _gate = new();
    private List<RecordedExchange>? _exchanges;
    private bool[] _used = [];
    private RecordedExchange? _last;
    private string? _lastKey;

    public string SourceId => sourceId;

    /// <param name="tokenRequest">An authenticator's token request: never given an upstream file (a data page), and
    /// a placeholder token when the recording has no answer for it.</param>
    public RecordedExchange Next(HttpRequestMessage request, string? body, bool tokenRequest = false)
    {
        lock (_gate)
        {
            var url = request.RequestUri!;
            var described = $"{request.Method} {UrlText.Redact(url)}";
            if (_exchanges is null)
            {
                try
                {
                    _exchanges = files.Select(RecordingFile.Read).ToList();
                }
                catch (RecordingException ex)
                {
                    throw new RecordingException($"replay of source \"{sourceId}\", {described}: bad recording {ex.Message}");
                }
                _used = new bool[_exchanges.Count];
            }
            if (_exchanges.Count == 0)
                throw new RecordingException($"replay of source \"{sourceId}\", {described}: no recording for the source (no *.json in {folder})");
            var key = $"{request.Method} {url.PathAndQuery}\n{body}";
            var index = Find(e => Same(e, request.Method.Method, url.AbsolutePath) && ExactQuery(e, url) && (e.RequestBody ?? "") == (body ?? ""));
            if (index < 0) index = Find(e => Same(e, request.Method.Method, url.AbsolutePath));
            if (index < 0 && !tokenRequest) index = Find(e => e.RequestUrl is null);
            if (index >= 0)
            {
                _used[index] = true;
                _last = _exchanges[index];
                _lastKey = key;
                return _last;
            }
            // A retry of a request whose recorded final answer was an error gets that answer again.
            if (_last is { Status: < 200 or >= 300 } && _lastKey == key) return _last;
            // Upstream records data pages only, and a token may be renewed more often than in the live run: a
            // replay checks no credential, so it gets a token of no value rather than a data page or a failure.
            if (tokenRequest) return PlaceholderToken(url);
            var next = Array.IndexOf(_used, false);
            var expected = next < 0
                ? $"all {_exchanges.Count} recorded responses are used"
                : $"the next unused one is {Path.GetFileName(_exchanges[next].File)} for {_exchanges[next].Method} {UrlText.Redact(_exchanges[next].MatchUrl)}";
            throw new RecordingException($"replay of source \"{sourceId}\": no recorded response for {described} in {folder} ({expected})");
        }
    }

    private static RecordedExchange PlaceholderToken(Uri url) => new()
    {
        Url = url.AbsoluteUri,
        RequestUrl = url.AbsoluteUri,
        Status = 200,
        Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
        Body = """{"access_token":"helr-replay-placeholder","token":"helr-replay-placeholder","token_type":"Bearer","expires_in":3600}"""u8.ToArray(),
        TokenResponse = true,
    };

    private int Find(Func<RecordedExchange, bool> match)
    {
        for (var i = 0; i < _exchanges!.Count; i++)
        {
            if (!_used[i] && match(_exchanges[i])) return i;
        }
        return -1;
    }

    private static bool Same(RecordedExchange e, string method, string path) =>
        e.RequestUrl is not null && string.Equals(e.Method, method, StringComparison.OrdinalIgnoreCase)
        && e.MatchUrl.IsAbsoluteUri && SamePath(e.MatchUrl.AbsolutePath, path);

    // A key in the path (/v1/<key>/events) was cut from the recorded URL: there [REDACTED] stands for any one segment's text.
    private static bool SamePath(string recorded, string path)
    {
        if (recorded == path) return true;
        var pattern = Uri.UnescapeDataString(recorded);
        if (!pattern.Contains(RecordingRedactor.Redacted, StringComparison.Ordinal)) return false;
        var parts = pattern.Split(RecordingRedactor.Redacted).Select(p => Regex.Escape(p));
        return Regex.IsMatch(Uri.UnescapeDataString(path), $"^{string.Join("[^/]+", parts)}$", RegexOptions.CultureInvariant);
    }

    private static bool ExactQuery(RecordedExchange e, Uri url) => e.MatchUrl.Query == url.Query;
}
