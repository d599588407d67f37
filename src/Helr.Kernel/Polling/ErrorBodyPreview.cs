using System.Text;
using Helr.PluginSdk.Auth;
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

    // Shorter values (a header like "1" or "gzip") are not worth hiding and would mangle the text.
    private const int ShortestSecret = 4;

    public static async ValueTask<string> RenderAsync(ReadOnlyMemory<byte> body, PageRequest request, IAuthenticator? auth, CancellationToken ct)
    {
        var secrets = new List<string>();
        foreach (var (_, value) in request.Headers) AddCredential(secrets, value);
        AddUserInfo(secrets, request.Url);
        if (auth is not null)
        {
            using var probe = new HttpRequestMessage(request.Method, request.Url);
            try
            {
                await auth.ApplyAsync(probe, ct);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                return "(body not shown: the credentials to hide from it could not be read)";
            }
            foreach (var header in probe.Headers)
                foreach (var value in header.Value) AddCredential(secrets, value);
        }
        // Hide in a window long enough that a secret starting before the cut is hidden whole.
        var window = Length + secrets.Select(s => s.Length).DefaultIfEmpty(0).Max();
        var text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, window)]);
        foreach (var secret in secrets.Distinct().OrderByDescending(s => s.Length))
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        text = text.ReplaceLineEndings(" ");
        var cut = text.Length > Length || body.Length > window;
        text = (text.Length > Length ? text[..Length] : text).Trim();
        return text.Length == 0 ? "(empty body)" : cut ? text + "…" : text;
    }

    // "Bearer abc", "SSWS abc", "Basic dXNlcjpwYXNz": the whole value and the credential after the scheme,
    // and for Basic also the decoded "user:password" and password.
    private static void AddCredential(List<string> secrets, string value)
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
        }
        catch (FormatException)
        {
        }
    }

    private static void AddUserInfo(List<string> secrets, Uri url)
    {
        if (url.UserInfo.Length == 0) return;
        Add(secrets, url.UserInfo);
        Add(secrets, Uri.UnescapeDataString(url.UserInfo));
        var colon = url.UserInfo.IndexOf(':');
        if (colon >= 0) Add(secrets, Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]));
    }

    private static void Add(List<string> secrets, string value)
    {
        if (value.Length >= ShortestSecret) secrets.Add(value);
    }
}
