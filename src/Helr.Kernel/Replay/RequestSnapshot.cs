using System.Text;
using Helr.Kernel.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// The request as Helr sent it, taken before redirects change its URL, method or body; kept in the
/// request's options so the final response, however many hops later, can be recorded beside it.
/// </summary>
internal sealed record RequestSnapshot
{
    public static readonly HttpRequestOptionsKey<RequestSnapshot> Key = new("helr.replay.request");

    public required string Method { get; init; }

    public required Uri Url { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Names of the headers the authenticator or the source's config set (credentials).</summary>
    public required IReadOnlyCollection<string> CredentialNames { get; init; }

    /// <summary>Credentials the plugin put in the query or body under names that say nothing (<see cref="CredentialHeaders.Values"/>).</summary>
    public IReadOnlyList<string> Carried { get; init; } = [];

    public string? Body { get; init; }

    public bool IsForm { get; init; }

    public bool IsCredential(string header) =>
        RecordingRedactor.IsCredentialHeader(header) || RecordingRedactor.LooksSecret(header)
        || CredentialNames.Contains(header, StringComparer.OrdinalIgnoreCase);

    /// <summary>Values of the credential headers, and those carried elsewhere: secrets to cut from everything recorded.</summary>
    public IEnumerable<string> CredentialValues => Headers.Where(h => IsCredential(h.Key)).Select(h => h.Value).Concat(Carried);

    public static async Task<RequestSnapshot> TakeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        string? body = null;
        if (request.Content is { } content)
        {
            // Helr's request bodies (JSON pages, token forms) are buffered, so reading them here leaves them intact.
            body = Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync(ct));
        }
        var headers = request.Headers.NonValidated.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
        return new RequestSnapshot
        {
            Method = request.Method.Method,
            Url = request.RequestUri!,
            Headers = headers,
            CredentialNames = request.Options.TryGetValue(CredentialHeaders.Key, out var names) ? names : [],
            // Found by where they sit, as a query key is: a short or all-digit one would garble what it is cut from.
            Carried = request.Options.TryGetValue(CredentialHeaders.Values, out var carried) ? carried.Where(CuttableSecret.Is).ToList() : [],
            Body = body,
            IsForm = request.Content?.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded",
        };
    }
}
