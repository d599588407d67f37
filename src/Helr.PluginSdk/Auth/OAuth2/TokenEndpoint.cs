using Helr.PluginSdk.Sources;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// POSTs form-encoded token requests through <see cref="AuthContext.Sender"/> (the source's TLS,
/// proxy, timeouts and retries, none of its credentials) and reads the answer.
/// </summary>
internal static class TokenEndpoint
{
    /// <param name="url">The token endpoint.</param>
    /// <param name="label">Names the auth type in errors: <c>oauth2</c> or <c>google_service_account</c>.</param>
    /// <param name="build">Builds each attempt's request: assertions and proofs must be fresh on a retry.</param>
    /// <param name="dpop">Adds a DPoP proof to each request, or null.</param>
    /// <param name="clock">The server's clock that <paramref name="build"/> signs on; learned here from a refusal.</param>
    /// <param name="context">The sender, clock and log.</param>
    /// <param name="ct">Cancels the request.</param>
    public static async Task<AccessToken> RequestAsync(Uri url, string label, Func<TokenRequest> build, DPoPProofs? dpop,
        ServerClock clock, AuthContext context, CancellationToken ct)
    {
        // The request of the attempt that answered: its grant names the error, its secrets are cut from it.
        var sent = new StrongBox<TokenRequest>();
        var response = await SendAsync(url, build, sent, dpop, clock, context, ct);
        try
        {
            var nonceSeen = dpop?.Observe(response, DPoPServer.Authorization) ?? false;
            if (dpop is not null && (int)response.StatusCode == 400 && ErrorOf(response).Error == "use_dpop_nonce")
            {
                // RFC 9449 §8: the server wants a nonce in the proof; one retry carries the one it sent.
                if (!nonceSeen)
                    throw new TokenEndpointException($"{label} token endpoint {Describe(url)} demanded a DPoP nonce (use_dpop_nonce) but sent no DPoP-Nonce header", 400, "use_dpop_nonce", null);
                context.Log.Debug("token endpoint demanded a DPoP nonce; retrying with it");
                response.Dispose();
                response = await SendAsync(url, build, sent, dpop, clock, context, ct);
                dpop.Observe(response, DPoPServer.Authorization);
            }
            if (ServerClockOffset(response, sent.Value!, dpop, clock, context) is { } offset)
            {
                // Refused times set on a clock the server's Date shows to be off: signed once more on the
                // server's clock, which every later assertion and proof of the source uses too.
                context.Log.Warn("token endpoint refused a signed request while this host's clock is {Seconds:0} s {Direction} its own (Date header); signing on the server's clock from now on: check NTP",
                    Math.Abs(offset.TotalSeconds), offset < TimeSpan.Zero ? "ahead of" : "behind");
                clock.Learn(offset);
                response.Dispose();
                response = await SendAsync(url, build, sent, dpop, clock, context, ct);
                dpop?.Observe(response, DPoPServer.Authorization);
            }
            return Read(response, url, label, sent.Value!, context);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// The server's offset from this host's clock when a refusal may come from the times signed into the
    /// request (<see cref="SkewMatters"/>, or a DPoP proof refused) and the clock they were set on is off its
    /// <c>Date</c> by more than 30 s; null otherwise, and when that clock already is the server's.
    /// </summary>
    private static TimeSpan? ServerClockOffset(HttpResponseMessage response, TokenRequest request, DPoPProofs? dpop, ServerClock clock, AuthContext context)
    {
        if (response.IsSuccessStatusCode || response.Headers.Date is not { } date) return null;
        var error = ErrorOf(response).Error;
        if (!SkewMatters(error, request) && !(dpop is not null && error == "invalid_dpop_proof")) return null;
        return Math.Abs((clock.Now(context.Time) - date).TotalSeconds) > 30 ? date - context.Time.GetUtcNow() : null;
    }

    private static Task<HttpResponseMessage> SendAsync(Uri url, Func<TokenRequest> build, StrongBox<TokenRequest> sent, DPoPProofs? dpop,
        ServerClock clock, AuthContext context, CancellationToken ct) =>
        context.Sender.SendAsync(() =>
        {
            // Each attempt (the sender retries 5xx and 429) gets its own assertion and proof: a server
            // that saw a jti refuses it again (Okta: the client assertion has already been used).
            var request = sent.Value = build();
            var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(request.Form) };
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (request.BasicCredentials is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Basic", request.BasicCredentials);
            if (dpop is not null) message.Headers.TryAddWithoutValidation("DPoP", dpop.Create(HttpMethod.Post, url, clock.Now(context.Time), null));
            return message;
        }, ct);

    private static AccessToken Read(HttpResponseMessage response, Uri url, string label, TokenRequest request, AuthContext context)
    {
        var status = (int)response.StatusCode;
        if (status is < 200 or > 299) throw Failure(response, url, label, request, context);
        var now = context.Time.GetUtcNow();
        try
        {
            using var doc = JsonDocument.Parse(Body(response));
            var root = doc.RootElement;
            // Read before the access token is judged: a server that rotated has already revoked the token sent,
            // so an answer refused for its access token must still hand the new one over to be kept.
            var refresh = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("refresh_token", out var r)
                && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } rotated ? new Secret(rotated) : null;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var token)
                || token.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(token.GetString()))
                throw new TokenEndpointException($"{label} token endpoint {Describe(url)} answered {status} without an access_token", status, null, null)
                    { RefreshToken = refresh };
            // .NET refuses it only when the header is sent ("New-line or NUL characters are not allowed in header
            // values"), naming neither the token endpoint nor the source, and the token stayed cached for its lifetime.
            if (token.GetString()!.Any(char.IsControl))
                throw new TokenEndpointException($"{label} token endpoint {Describe(url)} answered {status} with an access_token holding a line break or control character, which a header cannot carry", status, null, null)
                    { RefreshToken = refresh };
            var type = root.TryGetProperty("token_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "Bearer";
            return new AccessToken
            {
                Value = new Secret(token.GetString()!),
                Scheme = type.Equals("DPoP", StringComparison.OrdinalIgnoreCase) ? "DPoP" : "Bearer",
                Fetched = now,
                Expiry = now + TimeSpan.FromSeconds(ExpiresIn(root) ?? 3600),
                RefreshToken = refresh,
            };
        }
        catch (JsonException)
        {
            throw new TokenEndpointException($"{label} token endpoint {Describe(url)} answered {status} with a body that is not JSON ({ContentType(response, label)})", status, null, null);
        }
    }

    // The body is not quoted: a page may echo the request, secrets and all. Its media type says where the request landed.
    private static string ContentType(HttpResponseMessage response, string label)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (string.IsNullOrEmpty(type)) return "no Content-Type";
        // A parsed media type is type/subtype, tokens only: nothing of the body, no line break.
        return type.Contains("html", StringComparison.OrdinalIgnoreCase)
            ? $"Content-Type: {type}; a web page: is {(label == "oauth2" ? "token_url" : "the token URL")} the token endpoint, not a sign-in page?"
            : $"Content-Type: {type}";
    }

    private static double? ExpiresIn(JsonElement root)
    {
        if (!root.TryGetProperty("expires_in", out var e)) return null;
        // Some servers send it as a string; a nonsense value falls back to the default rather than failing.
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var n) && n > 0) return Math.Min(n, 366 * 86400);
        if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0) return Math.Min(s, 366 * 86400);
        return null;
    }

    private static TokenEndpointException Failure(HttpResponseMessage response, Uri url, string label, TokenRequest request, AuthContext context)
    {
        var status = (int)response.StatusCode;
        var (error, description) = ErrorOf(response, Submitted(request));
        var message = $"{label} token endpoint {Describe(url)} answered {status}";
        if (error is not null) message += $": {error}";
        if (description is not null) message += $" ({description})";
        if (error is null) message += " (not an OAuth2 error response)";
        message += $" for the {request.Grant} grant";
        if (SkewMatters(error, request) && Skew(response, context) is { } skew)
            message += $"; this host's clock is {Math.Abs(skew.TotalSeconds):0} s {(skew > TimeSpan.Zero ? "ahead of" : "behind")} the server's (its Date header),"
                + " so a signed assertion's iat/exp may fall outside the server's window: check NTP";
        var challenge = response.Headers.WwwAuthenticate.FirstOrDefault()?.Scheme;
        return new TokenEndpointException(message, status, error, challenge);
    }

    /// <summary>
    /// Whether the refusal may come from a signed assertion's <c>iat</c>/<c>exp</c>: RFC 7523 answers a bad
    /// grant assertion with <c>invalid_grant</c> and a bad client assertion with <c>invalid_client</c>. A
    /// refresh token's <c>invalid_grant</c> means the token itself was refused: the clock is not why.
    /// </summary>
    private static bool SkewMatters(string? error, TokenRequest request)
    {
        var signed = request.Form.Any(p => p.Key is "assertion" or "client_assertion");
        return signed && (error == "invalid_client" || (error == "invalid_grant" && request.Grant != "refresh_token"));
    }

    /// <summary>How far this host's clock is ahead of the server's, when more than 30 s.</summary>
    private static TimeSpan? Skew(HttpResponseMessage response, AuthContext context)
    {
        if (response.Headers.Date is not { } date) return null;
        var skew = context.Time.GetUtcNow() - date;
        return Math.Abs(skew.TotalSeconds) > 30 ? skew : null;
    }

    /// <summary>The OAuth2 error code and description of a JSON error body, each cut short and stripped of line breaks.</summary>
    private static (string? Error, string? Description) ErrorOf(HttpResponseMessage response, IReadOnlyList<string>? secrets = null)
    {
        try
        {
            using var doc = JsonDocument.Parse(Body(response));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            return (Field(doc.RootElement, "error", secrets), Field(doc.RootElement, "error_description", secrets));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    // The sender hands responses over with the body already read into memory.
    private static byte[] Body(HttpResponseMessage response)
    {
        var stream = response.Content.ReadAsStream();
        if (stream.CanSeek) stream.Position = 0;
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string? Field(JsonElement root, string name, IReadOnlyList<string>? secrets)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return null;
        var text = string.Concat(v.GetString()!.Where(c => !char.IsControl(c)));
        // Before the cut, so a secret across it is not left half shown.
        foreach (var secret in secrets ?? []) text = text.Replace(secret, Secret.Redacted, StringComparison.Ordinal);
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    /// <summary>
    /// What the request sent that a server may quote back in <c>error_description</c> ("refresh token
    /// … is expired", "client secret '…' does not match"): every form value but the public ones, and
    /// the Basic credentials' secret. Longest first, so a secret containing another is cut whole.
    /// </summary>
    private static IReadOnlyList<string> Submitted(TokenRequest request)
    {
        var secrets = request.Form.Where(p => p.Key is not ("grant_type" or "client_id" or "scope" or "client_assertion_type")).Select(p => p.Value).ToList();
        if (request.BasicCredentials is { } basic)
        {
            secrets.Add(basic);
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(basic));
                var colon = pair.IndexOf(':');
                if (colon >= 0) secrets.Add(System.Net.WebUtility.UrlDecode(pair[(colon + 1)..]));
            }
            catch (FormatException)
            {
            }
        }
        // Shorter values are not worth hiding and would mangle the text.
        return secrets.Where(s => s.Length >= 4).Distinct().OrderByDescending(s => s.Length).ToList();
    }

    /// <summary>The endpoint without user info, query or fragment: all an error message needs.</summary>
    public static string Describe(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}
