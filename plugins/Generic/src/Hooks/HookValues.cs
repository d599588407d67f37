using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>The JSON shapes hooks receive: <c>ctx</c>, <c>request</c> and <c>response</c>, as upstream sends them.</summary>
internal static class HookValues
{
    /// <summary>
    /// <c>ctx</c> with upstream's snake_case keys (what its runtime really sends) and the camelCase
    /// aliases its documentation and examples use, so scripts written either way run.
    /// </summary>
    public static JsonObject Context(string sourceId, IReadOnlyDictionary<string, string> state, string? from,
        IReadOnlyList<KeyValuePair<string, string>> headers, string requestId)
    {
        var ctx = new JsonObject
        {
            ["env"] = Environment(),
            ["state"] = Strings(state),
            ["request_id"] = requestId,
            ["requestId"] = requestId,
            ["source_id"] = sourceId,
            ["sourceId"] = sourceId,
        };
        if (from is not null)
        {
            ctx["default_since"] = from;
            ctx["defaultSince"] = from;
        }
        if (state.TryGetValue("cursor", out var cursor)) ctx["pagination"] = new JsonObject { ["lastCursor"] = cursor };
        if (headers.Count > 0) ctx["headers"] = Strings(headers);
        return ctx;
    }

    /// <summary>Upstream's request id, <c>helr-&lt;unix nanoseconds&gt;</c>: <c>ctx.request_id</c>, and <c>meta.request_id</c> of the page's lines.</summary>
    public static string RequestId(TimeProvider time) => $"helr-{(time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100}";

    /// <summary><c>request</c>: the URL sent and its JSON body (parsed), when it had one.</summary>
    public static JsonObject Request(PageRequest request)
    {
        var value = new JsonObject { ["url"] = request.Url.AbsoluteUri };
        if (request.JsonBody is { } body) value["body"] = Json(body.Span, levelsAround: 1);
        return value;
    }

    /// <summary><c>response</c>: status, lower-case headers (last value wins) and the body parsed as JSON, else as text.</summary>
    public static JsonObject Response(PageResponse response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers)
            if (values.LastOrDefault() is { } last) headers[name.ToLowerInvariant()] = last;
        return new JsonObject { ["status"] = response.StatusCode, ["headers"] = headers, ["body"] = Json(response.Body.Span, levelsAround: 1) };
    }

    /// <summary>String values of an object; others are dropped, as upstream does for headers and query.</summary>
    public static List<KeyValuePair<string, string>> StringEntries(JsonNode? node)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (node is not JsonObject obj) return result;
        foreach (var (key, value) in obj)
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) result.Add(new(key, v.GetValue<string>()));
        return result;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    // How deep the engine parses a hook's arguments (Jint's JSON.parse depth, which they are read with).
    private const int ArgumentDepth = 64;

    /// <summary>
    /// JSON text as hooks get it, <paramref name="levelsAround"/> levels deep in its argument: parsed (an
    /// escaped lone surrogate read as U+FFFD), or the text itself as a string when it is not JSON or would
    /// nest the argument deeper than the engine reads one (which failed the hook on that page every cycle).
    /// </summary>
    public static JsonNode? Json(ReadOnlySpan<byte> body, int levelsAround)
    {
        var options = new JsonDocumentOptions { MaxDepth = ArgumentDepth - levelsAround };
        try
        {
            // Through a string only when the body has escapes: a lone surrogate one must be replaced.
            return body.IndexOf("\\u"u8) < 0
                ? JsonNode.Parse(body, documentOptions: options)
                : JsonNode.Parse(LoneSurrogates.Replace(Encoding.UTF8.GetString(body)), documentOptions: options);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(body));
        }
    }

    private static JsonObject Strings(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in entries) obj[k] = v;
        return obj;
    }

    // Upstream hands scripts the whole process environment (ctx.env.ANDROMEDA_PAT and the like).
    private static JsonObject Environment()
    {
        var env = new JsonObject();
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            if (e.Key is string k && e.Value is string v) env[k] = v;
        return env;
    }
}
