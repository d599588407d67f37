using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Runtime;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// <c>fetch(url, {method, headers, body})</c> for scripts, when <c>global.hooks.allow_network</c> is
/// true: sent through the source's sender (its timeouts, retries, rate limits and circuit breaker),
/// which puts the source's credentials only on the source's own origins and refuses to carry them
/// elsewhere. Blocking: a hook call is one synchronous run, bounded by the call's deadline.
/// </summary>
internal sealed class HookFetch(bool allowed, HookCall call, CancellationToken deadline)
{
    // Not the URL itself: a script's URL may carry a key in its user info or its query.
    private static string What(string url) =>
        url.Length == 0 ? "an empty string" : Uri.TryCreate(url, UriKind.Absolute, out var u) ? $"a {u.Scheme}: URL" : "a relative or malformed URL";

    // Scheme, host, port and path: not the user info (GetLeftPart keeps it) nor the query.
    private static string Named(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    public string Send(Engine engine, string url, string initJson)
    {
        if (!allowed)
            throw new JavaScriptException(engine.Intrinsics.TypeError, "fetch is not allowed: set global.hooks.allow_network: true to let hooks make requests");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new JavaScriptException(engine.Intrinsics.TypeError, $"fetch needs an absolute http(s) URL, got {What(url)}");
        var init = JsonNode.Parse(initJson) as JsonObject ?? new JsonObject();
        try
        {
            using var response = call.Sender.SendAsync(() => Build(uri, init), deadline).GetAwaiter().GetResult();
            var body = response.Content.ReadAsStringAsync(deadline).GetAwaiter().GetResult();
            var headers = new JsonObject();
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                headers[name.ToLowerInvariant()] = string.Join(", ", values);
            return new JsonObject
            {
                ["status"] = (int)response.StatusCode,
                ["url"] = response.RequestMessage?.RequestUri?.AbsoluteUri ?? uri.AbsoluteUri,
                ["headers"] = headers,
                ["body"] = body,
            }.ToJsonString();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            throw new JavaScriptException(engine.Intrinsics.TypeError, $"fetch {Named(uri)} failed: {ex.Message}");
        }
    }

    private static HttpRequestMessage Build(Uri uri, JsonObject init)
    {
        var method = init["method"] is JsonValue m && m.TryGetValue<string>(out var name) ? new HttpMethod(name.ToUpperInvariant()) : HttpMethod.Get;
        var request = new HttpRequestMessage(method, uri);
        string? contentType = null;
        if (init["headers"] is JsonObject headers)
        {
            foreach (var (key, value) in headers)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text)) continue;
                if (key.Equals("content-type", StringComparison.OrdinalIgnoreCase)) contentType = text;
                else request.Headers.TryAddWithoutValidation(key, text);
            }
        }
        if (init["body"] is JsonNode body)
        {
            var text = body is JsonValue bv && bv.TryGetValue<string>(out var s) ? s : body.ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "text/plain;charset=UTF-8");
        }
        return request;
    }
}
