using System.Net.Http.Headers;

namespace Helr.Kernel.Http;

/// <summary>
/// Whether a request carries the source's own credentials, which go to the source's origins only: an
/// entry of its configured <c>headers</c> (any of them may hold a key), or a header holding one of the
/// credential values the source resolves or stores (<see cref="Text.SecretScrubber"/>), also inside a
/// Basic header. A header a plugin's caller set itself (a hook's <c>fetch()</c> with a Basic header for
/// a login at a separate identity provider) is not one: every header used to count, so a source
/// without <c>auth</c> could not make such a call.
/// </summary>
internal sealed class SourceCredentialCheck(IReadOnlyList<KeyValuePair<string, string>> configuredHeaders, Text.SecretScrubber secrets)
{
    public bool Carried(HttpRequestHeaders headers)
    {
        var known = secrets.Values.Where(v => v.Length >= Text.CredentialVariants.ShortestSecret).ToList();
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                if (configuredHeaders.Any(c => c.Key.Equals(name, StringComparison.OrdinalIgnoreCase) && c.Value == value)) return true;
                // The value, and Basic's decoded user:password (a configured password sent under another scheme).
                forms.Clear();
                Text.CredentialVariants.AddCredential(forms, value);
                if (forms.Any(form => known.Any(secret => form.Contains(secret, StringComparison.Ordinal)))) return true;
            }
        }
        return false;
    }
}
