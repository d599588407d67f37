using System.Text.Json;

namespace Helr.Plugins.Gws;

/// <summary>
/// How Google's APIs say "too many requests": 429 or 503, and also 403, which the error's JSON tells apart
/// from a refusal. The Admin SDK (Reports API) names the limit in <c>error.errors[].reason</c>
/// (<c>rateLimitExceeded</c>, <c>userRateLimitExceeded</c>, <c>quotaExceeded</c>); newer APIs (Cloud Logging)
/// answer a <c>google.rpc.Status</c>, <c>error.status</c> <c>RESOURCE_EXHAUSTED</c> or an ErrorInfo in
/// <c>error.details[]</c> with reason <c>RATE_LIMIT_EXCEEDED</c>. Such a 403 is waited out like a 429; any
/// other (<c>forbidden</c>, <c>insufficientPermissions</c>, <c>PERMISSION_DENIED</c>: a missing scope or
/// delegation) still fails at once. Only these fields count: a refusal's message mentioning a limit is no limit.
/// </summary>
internal static class GoogleRateLimits
{
    public static readonly int[] RetryableStatusCodes = { 403, 429, 500, 502, 503, 504 };

    private static readonly HashSet<string> Reasons = new(StringComparer.Ordinal) { "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded" };

    /// <summary>Whether a 403's body is one of Google's rate or quota limits (<c>SourceDefaults.RateLimitClassifier</c>).</summary>
    public static bool IsRateLimit(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return false;
            if (error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.ValueEquals("RESOURCE_EXHAUSTED")) return true;
            return AnyReason(error, "errors", r => Reasons.Contains(r)) || AnyReason(error, "details", r => r == "RATE_LIMIT_EXCEEDED");
        }
        catch (JsonException)
        {
            // Not Google's error JSON (a proxy's page): no sign of a limit, so a refusal.
            return false;
        }
    }

    /// <summary>The error's first reason (or its status) for a message; null when the body names none.</summary>
    public static string? Reason(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return null;
            string? first = null;
            AnyReason(error, "errors", r => (first ??= r) is not null);
            AnyReason(error, "details", r => (first ??= r) is not null);
            return first ?? (error.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool AnyReason(JsonElement error, string list, Func<string, bool> isLimit)
    {
        if (!error.TryGetProperty(list, out var items) || items.ValueKind != JsonValueKind.Array) return false;
        foreach (var item in items.EnumerateArray())
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String && isLimit(reason.GetString()!))
                return true;
        return false;
    }
}
