using System.Text;
using System.Text.Json;
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

    // Shorter values are not worth hiding and would mangle the text.
    private const int ShortestSecret = 4;

    /// <param name="sentCredentials">Header values the authenticator set on the request (see SourceHttpClient).</param>
    public static string Render(ReadOnlyMemory<byte> body, PageRequest request, IReadOnlyList<string> sentCredentials)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in sentCredentials) AddCredential(secrets, value);
        foreach (var (name, value) in request.Headers)
        {
            if (LooksSecret(name)) AddCredential(secrets, value);
        }
        AddFromUrl(secrets, request.Url);
        foreach (var secret in secrets.ToList())
        {
            // As echoed inside JSON or a URL.
            var json = JsonEncodedText.Encode(secret).ToString();
            secrets.Add(json);
            secrets.Add(json.Replace("/", "\\/", StringComparison.Ordinal));
            secrets.Add(secret.Replace("/", "\\/", StringComparison.Ordinal));
            secrets.Add(Uri.EscapeDataString(secret));
        }
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
    private static bool LooksSecret(string header)
    {
        var name = header.ToLowerInvariant();
        return name.Contains("auth") || name.Contains("key") || name.Contains("token") || name.Contains("secret")
            || name.Contains("cookie") || name.Contains("session") || name.Contains("signature") || name.Contains("password");
    }

    // "Bearer abc", "SSWS abc", "Basic dXNlcjpwYXNz": the whole value and the credential after the scheme,
    // and for Basic also the decoded "user:password" and password (or the user, when the password is empty).
    private static void AddCredential(HashSet<string> secrets, string value)
    {
        Add(secrets, value);
        var space = value.IndexOf(' ');
        if (space <= 0) return;
        var credential = value[(space + 1)..].Trim();
        Add(secrets, credential);
        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credential));
            Add(secrets, decoded);
            var colon = decoded.IndexOf(':');
            if (colon >= 0) Add(secrets, decoded[(colon + 1)..]);
            // No password: the user is the credential (Tailscale's API key, Stripe's secret key).
            if (colon == decoded.Length - 1) Add(secrets, decoded[..colon]);
        }
        catch (FormatException)
        {
        }
    }

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

    private static void Add(HashSet<string> secrets, string value)
    {
        if (value.Length >= ShortestSecret) secrets.Add(value);
    }
}
