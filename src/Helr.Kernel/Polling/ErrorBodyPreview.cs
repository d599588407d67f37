using System.Text;
using Helr.Kernel.Text;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Polling;

/// <summary>
/// The start of an error response's body, for the poll error, with the credentials Helr sent cut out:
/// servers, gateways and debug endpoints echo request headers back in 401/403/500 bodies.
/// </summary>
internal static class ErrorBodyPreview
{
    private const int Length = 300;
    private const string Redacted = "[REDACTED]";

    /// <param name="sentCredentials">The source's credentials: configured, and the header values the authenticator set (see SourceHttpClient.Secrets).</param>
    public static string Render(ReadOnlyMemory<byte> body, PageRequest request, IReadOnlyList<string> sentCredentials)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in sentCredentials) AddCredential(secrets, value);
        foreach (var (name, value) in request.Headers)
        {
            if (LooksSecret(name)) AddCredential(secrets, value);
        }
        AddFromUrl(secrets, request.Url);
        // What the plugin marked as credentials where no name says so (a session in a POST body): APIs echo the body in a 400.
        foreach (var value in request.Credentials) AddCredential(secrets, value);
        CredentialVariants.AddEscaped(secrets);
        // A secret that starts before the cut is inside this window whole.
        var window = Length + secrets.Select(s => s.Length).DefaultIfEmpty(0).Max();
        var text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, window)]);
        var ordered = secrets.OrderByDescending(s => s.Length).ToList();
        var shown = new StringBuilder();
        var i = 0;
        // The cut counts characters of the body as received, so a hidden secret cannot pull the start
        // of another one into view.
        while (i < text.Length && i < Length)
        {
            var hit = ordered.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0 && i + s.Length <= text.Length);
            if (hit is not null)
            {
                shown.Append(Redacted);
                i += hit.Length;
            }
            else
            {
                shown.Append(text[i++]);
            }
        }
        var result = shown.ToString().ReplaceLineEndings(" ").Trim();
        var cut = i < text.Length || body.Length > window;
        return result.Length == 0 ? "(empty body)" : cut ? result + "…" : result;
    }

    // A configured header whose name says it carries a credential ("X-Api-Key", "Authorization",
    // "X-Auth-Token", "Cookie"...); "Accept: application/json" is left readable.
    private static bool LooksSecret(string header) => PluginSdk.CredentialNames.IsCredentialHeaderOrParameter(header);

    // User info and query values: logs hide both for the same reason.
    private static void AddFromUrl(HashSet<string> secrets, Uri url)
    {
        if (url.UserInfo.Length > 0)
        {
            Add(secrets, url.UserInfo);
            Add(secrets, Uri.UnescapeDataString(url.UserInfo));
            var colon = url.UserInfo.IndexOf(':');
            if (colon >= 0) Add(secrets, Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]));
        }
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 0) continue;
            var raw = pair[(equals + 1)..];
            if (!CuttableSecret.Is(raw)) continue;
            Add(secrets, raw);
            Add(secrets, Uri.UnescapeDataString(raw.Replace('+', ' ')));
        }
    }

    private static void Add(HashSet<string> secrets, string value) => CredentialVariants.Add(secrets, value);

    private static void AddCredential(HashSet<string> secrets, string value) => CredentialVariants.AddCredential(secrets, value);
}
