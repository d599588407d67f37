using System.Net.Http.Headers;
using System.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// <c>--record-dir</c>: writes every final response of every source, in order, to
/// <c>DIR/&lt;source folder&gt;/NNN.json</c> (<see cref="RecordingFolder"/>) (NNN from 000 each run, as upstream), redacted.
/// </summary>
internal sealed class SessionRecorder
{
    private readonly string _dir;
    private readonly RecordingRedactor _redactor;
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _written = new(StringComparer.Ordinal);

    public SessionRecorder(string dir, IEnumerable<string> configuredSecrets)
    {
        _dir = dir;
        _redactor = new RecordingRedactor();
        foreach (var secret in configuredSecrets) _redactor.AddSecret(secret);
        Directory.CreateDirectory(dir);
    }

    /// <summary>More credentials to cut (a reloaded config's, <see cref="RecordingEnvironment"/>).</summary>
    public void AddSecrets(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets) _redactor.AddSecret(secret);
    }

    /// <summary>Stores <paramref name="response"/> (its body already read into <paramref name="body"/>) and the request it answered.</summary>
    public void Record(string sourceId, HttpResponseMessage response, ReadOnlySpan<byte> body, bool tokenResponse)
    {
        var sent = response.RequestMessage?.Options.TryGetValue(RequestSnapshot.Key, out var s) == true ? s : null;
        // What this request is the first to show may sit in the source's earlier files (a token a hook's
        // login fetched, then sent): they are read again below. Not for a DPoP proof: it is new with every
        // request, and no earlier file can hold it.
        var sentNew = false;
        foreach (var (name, value) in sent?.Headers ?? [])
        {
            if (name.Equals("DPoP", StringComparison.OrdinalIgnoreCase)) _redactor.AddSecret(value);
            else if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)) sentNew |= _redactor.LearnCookies(value, setCookie: false);
        }
        // Credentials first: the request's own headers may be the first sight of a token.
        foreach (var value in sent?.CredentialValues ?? []) sentNew |= _redactor.AddSecret(value);
        // And a key in the URL's query (url: …?token=${KEY}), which next links and bodies echo: learnt
        // before the body is scrubbed, since body_base64 is out of reach of the last pass below.
        if (sent?.Url is { } sentUrl) sentNew |= _redactor.LearnFromUrl(sentUrl);
        if (response.RequestMessage?.RequestUri is { } finalUrl) sentNew |= _redactor.LearnFromUrl(finalUrl);
        // And a session sent back in the body ({"auth": …} after a JSON-RPC login whose answer called it "result").
        string? requestBody = null;
        if (sent?.Body is { } sentBody)
        {
            requestBody = _redactor.RedactRequestBody(sentBody, sent.IsForm, out var learnt);
            sentNew |= learnt;
        }
        // Set-Cookie (a load balancer may set a new one with every answer) is for this answer's body only.
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies)) foreach (var cookie in cookies) _redactor.LearnCookies(cookie, setCookie: true);
        var bytes = body.ToArray();
        bytes = tokenResponse ? _redactor.RedactTokenResponse(bytes) : _redactor.ScrubBody(bytes);
        var exchange = new RecordedExchange
        {
            Url = response.RequestMessage?.RequestUri is { } final ? _redactor.RedactUrl(final) : sent?.Url is { } u ? _redactor.RedactUrl(u) : "",
            Status = (int)response.StatusCode,
            Headers = ResponseHeaders(response),
            Body = bytes,
            Method = sent?.Method ?? response.RequestMessage?.Method.Method ?? "GET",
            RequestUrl = sent?.Url is { } url ? _redactor.RedactUrl(url) : null,
            RequestHeaders = sent?.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => sent.IsCredential(h.Key) ? RecordingRedactor.Redacted : _redactor.Scrub(h.Value))
                ?? new Dictionary<string, string>(),
            RequestBody = requestBody,
            TokenResponse = tokenResponse,
        };
        // A last pass over the whole file: whatever was learnt while building it is cut everywhere.
        var text = _redactor.Scrub(Encoding.UTF8.GetString(RecordingFile.Write(exchange)));
        lock (_counters)
        {
            var folder = RecordingFolder.Name(sourceId);
            var firstOfRun = !_counters.TryGetValue(folder, out var n);
            _counters[folder] = n + 1;
            var dir = Path.Combine(_dir, folder);
            Directory.CreateDirectory(dir);
            if (firstOfRun) RemoveEarlierRun(dir);
            var path = Path.Combine(dir, $"{n:D3}.json");
            File.WriteAllText(path, text);
            if (!_written.TryGetValue(folder, out var files)) _written[folder] = files = new List<string>();
            files.Add(path);
            // A secret is often recognised only when it is sent (a token a hook's login fetched, then put
            // in a header): the source's files written before then are cut again.
            if (sentNew) foreach (var earlier in files) Rescrub(earlier);
        }
    }

    // Numbering starts at 000 each run: an earlier run's files past this run's last one would stay in the
    // folder, and replay and to-fixture would take them for this run's.
    private static void RemoveEarlierRun(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*.json").ToList())
        {
            if (Path.GetFileNameWithoutExtension(file).All(char.IsAsciiDigit)) File.Delete(file);
        }
    }

    private void Rescrub(string path)
    {
        var before = File.ReadAllText(path);
        RecordedExchange stored;
        try
        {
            stored = RecordingFile.Read(path);
        }
        catch (RecordingException)
        {
            return; // not ours any more (edited meanwhile); only the whole-text pass is left to it
        }
        var after = _redactor.Scrub(Encoding.UTF8.GetString(RecordingFile.Write(stored with { Body = _redactor.ScrubBody(stored.Body) })));
        if (after != before) File.WriteAllText(path, after);
    }

    private Dictionary<string, string> ResponseHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var lower = name.ToLowerInvariant();
            // The stored body is decoded and may be shorter after redaction: its framing headers no longer apply.
            if (lower is "content-length" or "transfer-encoding" or "content-encoding" || RecordingRedactor.IsCredentialHeader(lower)) continue;
            headers[lower] = _redactor.Scrub(string.Join(", ", values));
        }
        return headers;
    }
}
