using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Helr.Kernel.Api;

/// <summary>Writes JSON answers (every route but the status page answers JSON, errors included).</summary>
internal static partial class ApiJson
{
    public static async Task WriteAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(body.ToJsonString());
    }

    public static Task ErrorAsync(HttpContext http, int status, string error, string? sourceId = null)
    {
        var body = new JsonObject { ["error"] = error };
        if (sourceId is not null) body["source_id"] = sourceId;
        return WriteAsync(http, status, body);
    }

    /// <summary>ISO 8601 UTC with milliseconds, or null.</summary>
    public static JsonNode? Time(DateTimeOffset? time) =>
        time is { } t ? JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)) : null;

    /// <summary>The source id of an <c>/api/v1/sources/{id}</c> route, percent-decoded.</summary>
    /// <remarks>Kestrel decodes the path but leaves <c>%2F</c> as it is (so that a slash still routes as one
    /// segment), and has already turned <c>%25</c> into <c>%</c>: the route value cannot tell <c>okta%2Fprod</c>
    /// (id <c>okta/prod</c>) from <c>okta%252Fprod</c>. The segment is decoded again from the request line, as
    /// upstream's router does. Kestrel removes dot segments before routing, so the line's segments are resolved
    /// the same way first (<c>/api/v1/sources/good/../okta%2Fprod</c> routes okta/prod, and good was answered);
    /// a segment that Kestrel's decoding does not make the route value keeps the route value.</remarks>
    public static string? RouteId(HttpContext http)
    {
        if (http.Request.RouteValues["id"] is not string id) return null;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var query = target.IndexOf('?');
        var path = query < 0 ? target : target[..query];
        if (!path.StartsWith('/')) return id;
        var segments = new List<string>();
        foreach (var segment in path[1..].Split('/'))
        {
            switch (AsKestrelDecodes(segment))
            {
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }
        return segments.Count > 3 && segments.Take(3).SequenceEqual(SourcesPrefix, StringComparer.OrdinalIgnoreCase) && AsKestrelDecodes(segments[3]) == id
            ? Uri.UnescapeDataString(segments[3])
            : id;
    }

    private static readonly string[] SourcesPrefix = { "api", "v1", "sources" };

    // Every escape but %2F, whose text Kestrel keeps (in the case it was written).
    private static string AsKestrelDecodes(string segment) =>
        Uri.UnescapeDataString(segment.Contains('%') ? EncodedSlash().Replace(segment, m => "%25" + m.Value[1..]) : segment);

    [GeneratedRegex("%2[Ff]")]
    private static partial Regex EncodedSlash();
}
