namespace Helr.PluginSdk.Http;

/// <summary>A request for one page. The kernel adds auth, the User-Agent and resilience.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Url">Absolute URL including the query.</param>
/// <param name="JsonBody">JSON body for POST; null sends no body (GET) or <c>{}</c> (POST).</param>
/// <param name="Headers">Extra headers in order; a <c>User-Agent</c> here replaces Helr's.</param>
public sealed record PageRequest(HttpMethod Method, Uri Url, ReadOnlyMemory<byte>? JsonBody, IReadOnlyList<KeyValuePair<string, string>> Headers);
