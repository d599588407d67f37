using System.Text;
using System.Text.Json;

namespace Helr.Kernel.Text;

/// <summary>
/// The forms a credential takes in text that quotes it: the header value, the credential after its
/// scheme, Basic's decoded parts, and each of those as escaped inside JSON or a URL.
/// </summary>
internal static class CredentialVariants
{
    // Shorter values are not worth hiding and would mangle the text.
    public const int ShortestSecret = 4;

    // "Bearer abc", "SSWS abc", "Basic dXNlcjpwYXNz": the whole value and the credential after the scheme,
    // and for Basic also the decoded "user:password" and password (or the user, when the password is empty).
    public static void AddCredential(HashSet<string> secrets, string value)
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

    /// <summary>Adds to <paramref name="secrets"/> each one as echoed inside JSON or a URL.</summary>
    public static void AddEscaped(HashSet<string> secrets)
    {
        foreach (var secret in secrets.ToList())
        {
            var json = JsonEncodedText.Encode(secret).ToString();
            secrets.Add(json);
            secrets.Add(json.Replace("/", "\\/", StringComparison.Ordinal));
            secrets.Add(secret.Replace("/", "\\/", StringComparison.Ordinal));
            secrets.Add(Uri.EscapeDataString(secret));
        }
    }

    public static void Add(HashSet<string> secrets, string value)
    {
        if (value.Length >= ShortestSecret) secrets.Add(value);
    }
}
