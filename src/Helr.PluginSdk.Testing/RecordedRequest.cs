namespace Helr.PluginSdk.Testing;

/// <summary>A request the fake vendor received.</summary>
public sealed record RecordedRequest
{
    /// <summary>HTTP method, upper case.</summary>
    public required string Method { get; init; }

    /// <summary>The path, without the query.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query string, with its leading <c>?</c> (empty when there is none).</summary>
    public string QueryString { get; init; } = "";

    /// <summary>Query parameters by name.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>Request headers by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The request body as text.</summary>
    public string Body { get; init; } = "";

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>A header value (case-insensitive name), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A query parameter value, or null.</summary>
    public string? Param(string name) => Query.TryGetValue(name, out var v) ? v : null;
}
