using System.Net.Http.Headers;

namespace Helr.Kernel.Http;

internal sealed partial class SourceHttpClient
{
    /// <summary>The source's credentials, configured and sent: cut out of the plugin's logs and errors.</summary>
    public Text.SecretScrubber Secrets { get; }

    /// <summary>
    /// Puts the source's credentials on a request (the authenticator's, after checking the target is
    /// one of the source's origins) and notes which headers carry them, for the redirect handler and
    /// the recorder (<see cref="Text.CredentialHeaders"/>) and for what is printed for the source (<see cref="Secrets"/>).
    /// </summary>
    private async Task ApplyCredentialsAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // The source's configured headers may carry keys too (`headers: {X-Api-Key: ...}`): treated as
        // credentials like the authenticator's, but for the two every request has.
        var credentials = ConfiguredHeaders(request.Headers);
        // Credentials go to the source's own origin only: a link or stored URL elsewhere fails the request.
        // Headers of the caller's own (a hook's fetch() to a login elsewhere) go on, still dropped on a redirect.
        // The origin first: the header check reads every header and credential, and a page goes to its own origin.
        if (_credentialOrigins.Count > 0 && request.RequestUri is { IsAbsoluteUri: true } target && !_credentialOrigins.Any(o => RedirectHandler.SameOrigin(o, target))
            && (_auth is not null || _credentialCheck.Carried(request.Headers)))
            throw new CrossOriginCredentialsException(_credentialOrigins, target);
        if (_auth is not null)
        {
            var before = HeaderValues(request.Headers);
            try
            {
                await _auth.ApplyAsync(request, _authContext, ct);
            }
            catch (HttpRequestException ex)
            {
                // The token request already went through its own retries and breaker accounting.
                throw new CredentialsUnavailableException(ex);
            }
            // Whatever the authenticator set is a credential: a redirect to another origin drops it,
            // and an error body or plugin log line that echoes it gets it cut out (Secrets).
            var after = HeaderValues(request.Headers);
            var changed = after.Where(h => !before.TryGetValue(h.Key, out var old) || old != h.Value).ToList();
            credentials.AddRange(changed.Select(h => h.Key));
            _sentCredentialValues = changed.SelectMany(h => h.Value.Split('\n')).ToArray();
            Secrets.Learn("sent", _sentCredentialValues);
            request.Options.Set(RedirectHandler.Reapply, ReapplyCredentialsAsync);
        }
        request.Options.Set(Text.CredentialHeaders.Key, credentials);
        // A body holding one of the source's credentials (`body: {"api_key": "${API_KEY}"}`) is not re-posted
        // to another origin by a 307 or 308, as a token request's form is not (upstream re-sends it).
        if (await BodyHoldsCredentialAsync(request, ct)) request.Options.Set(Text.CredentialHeaders.InBody, true);
    }

    private async Task<bool> BodyHoldsCredentialAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // A string, JSON or form body is in memory and can be read again; a streamed one is left alone.
        if (request.Content is not ({} content and (ByteArrayContent or ReadOnlyMemoryContent))) return false;
        var text = System.Text.Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync(ct));
        // A session the plugin put there under a name that says nothing (PageRequest.Credentials: a hook's getAuth) is one too,
        // also as a JSON writer escapes it (a base64 session's '+' is written \u002B).
        if (request.Options.TryGetValue(Text.CredentialHeaders.Values, out var carried) && carried.Any(value => Text.CuttableSecret.Is(value)
            && (text.Contains(value, StringComparison.Ordinal) || text.Contains(System.Text.Json.JsonEncodedText.Encode(value).ToString(), StringComparison.Ordinal)))) return true;
        return Secrets.Scrub(text) != text;
    }

    /// <summary>
    /// The authenticator's credentials again, for a redirect within their origin (a new DPoP proof for
    /// the new URL). This runs inside the attempt's permits, where a token request could wait for the
    /// permit its own request holds: so none is made, and a token that went stale meanwhile (or any
    /// other failure) leaves the hop with the credentials it had (a 401 then renews them outside the permits).
    /// </summary>
    private async Task ReapplyCredentialsAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var before = HeaderValues(request.Headers);
        try
        {
            await _auth!.ApplyAsync(request, _hopAuthContext, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refused (or a plugin's authenticator wrapped the refusal): the hop goes on as before.
            return;
        }
        RememberAdded(before, request);
    }

    /// <summary>
    /// A proof of the sending time (DPoP) made anew once the request holds its permits, when it waited
    /// for them: a proof made before a long wait for the bulkhead is refused as too old, which cost a
    /// 401 and a needless token fetch. Only the proof: a token request here could wait for this permit.
    /// </summary>
    private void RenewProof(HttpRequestMessage request, long applied)
    {
        // The proof's iat has whole seconds: within one, the proof already made is as fresh.
        if (_auth is not Helr.PluginSdk.Auth.IRequestProofs proofs || _time.GetElapsedTime(applied) < TimeSpan.FromSeconds(1)) return;
        var before = HeaderValues(request.Headers);
        proofs.RenewProof(request, _time);
        RememberAdded(before, request);
    }

    // Credentials a hop or a renewed proof added go with those the request already sent: an error body or a
    // plugin's log line quoting any of them gets it cut out.
    private void RememberAdded(Dictionary<string, string> before, HttpRequestMessage request)
    {
        var added = HeaderValues(request.Headers).Where(h => !before.TryGetValue(h.Key, out var old) || old != h.Value);
        _sentCredentialValues = _sentCredentialValues.Concat(added.SelectMany(h => h.Value.Split('\n'))).ToArray();
        Secrets.Learn("sent", _sentCredentialValues);
    }

    /// <summary>The sender of <see cref="ReapplyCredentialsAsync"/>: it refuses every token request.</summary>
    private sealed class NoTokenRequests : Helr.PluginSdk.Http.IHttpSender
    {
        public sealed class Refused() : Exception("no token request while following a redirect");

        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken ct) => throw new Refused();
    }

    /// <summary>The authenticator's one renewal after a 401; true when the request should be sent again.</summary>
    private async Task<bool> RenewCredentialsAsync(HttpResponseMessage unauthorized, CancellationToken ct)
    {
        try
        {
            return await _auth!.RefreshAsync(unauthorized, _authContext, ct);
        }
        catch (HttpRequestException ex)
        {
            // As when applying them: the token request had its own retries. Left as an HttpRequestException
            // it would look transient to the retry around this request, which would resend the token the
            // API just refused and end with that 401 instead of the token endpoint's answer.
            throw new CredentialsUnavailableException(ex);
        }
    }

    private static Dictionary<string, string> HeaderValues(HttpRequestHeaders headers)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers.NonValidated) values[name] = string.Join("\n", value);
        return values;
    }

    private static List<string> ConfiguredHeaders(HttpRequestHeaders headers) =>
        headers.NonValidated.Select(h => h.Key)
            .Where(name => !name.Equals("Accept", StringComparison.OrdinalIgnoreCase) && !name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
            .ToList();
}
