using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Helr.Kernel.Api;

/// <summary>Writes JSON answers (every route but the status page answers JSON, errors included).</summary>
internal static class ApiJson
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

    public static string? RouteId(HttpContext http) => http.Request.RouteValues["id"] as string;
}
