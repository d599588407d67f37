namespace Helr.PluginSdk.Http;

/// <summary>A request for one page. The kernel adds auth, the User-Agent and resilience.</summary>
public sealed record PageRequest
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoHeaders = Array.Empty<KeyValuePair<string, string>>();
    private static readonly IReadOnlyList<string> NoCredentials = Array.Empty<string>();

    /// <summary>GET (default) or POST.</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Absolute URL including the query.</summary>
    public required Uri Url { get; init; }

    /// <summary>JSON body for POST; null sends no body (GET) or <c>{}</c> (POST).</summary>
    public ReadOnlyMemory<byte>? JsonBody { get; init; }

    /// <summary>Extra headers in order; a <c>User-Agent</c> here replaces Helr's.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = NoHeaders;

    /// <summary>
    /// Credentials the request carries where no name says so (a session a script logged in for, sent as
    /// <c>?sid=…</c> or in the body): a recording (<c>--record-dir</c>) keeps them nowhere, including the
    /// answer they came from. Headers need none of this: every header a plugin sets counts as a credential.
    /// </summary>
    public IReadOnlyList<string> Credentials { get; init; } = NoCredentials;

    /// <summary>A GET of <paramref name="url"/> without extra headers.</summary>
    public static PageRequest Get(Uri url) => new() { Url = url };
}
