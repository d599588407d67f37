namespace Helr.PluginSdk.Http;

/// <summary>A request for one page. The kernel adds auth, the User-Agent and resilience.</summary>
public sealed record PageRequest
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoHeaders = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>GET (default) or POST.</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Absolute URL including the query.</summary>
    public required Uri Url { get; init; }

    /// <summary>JSON body for POST; null sends no body (GET) or <c>{}</c> (POST).</summary>
    public ReadOnlyMemory<byte>? JsonBody { get; init; }

    /// <summary>Extra headers in order; a <c>User-Agent</c> here replaces Helr's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = NoHeaders;

    /// <summary>A GET of <paramref name="url"/> without extra headers.</summary>
    public static PageRequest Get(Uri url) => new() { Url = url };
}
