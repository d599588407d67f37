using System.Text.Json;
using System.Text.Json.Nodes;
using Helr.Kernel.Text;

namespace Helr.Kernel.Replay;

// The request bodies a recording stores: token forms, JSON pages, a hook's login.
internal sealed partial class RecordingRedactor
{
    /// <summary>A form (<c>a=b&amp;c=d</c>) or JSON body with credential-named fields replaced; any other body scrubbed.</summary>
    public string RedactRequestBody(string body, bool form) => RedactRequestBody(body, form, out _);

    /// <summary>
    /// As <see cref="RedactRequestBody(string, bool)"/>; <paramref name="learnt"/> tells whether a field's value
    /// was a secret not known before (a session sent back in each body, which an earlier answer may hold).
    /// </summary>
    public string RedactRequestBody(string body, bool form, out bool learnt)
    {
        if (!form)
        {
            learnt = false;
            return Scrub(RedactJsonFields(body, ref learnt));
        }
        var any = false;
        var redacted = QueryPairs.Rewrite(body, (name, value) =>
        {
            if (!IsSecretParameter(name)) return null;
            any |= AddSecret(Uri.UnescapeDataString(value.Replace('+', ' ')));
            return Uri.EscapeDataString(Redacted);
        });
        learnt = any;
        return Scrub(redacted);
    }

    // A hook's login (fetch with {"code": PAT}) sends a secret the config never names, so only its field name gives it away.
    private string RedactJsonFields(string body, ref bool learnt)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }
        // Untouched bodies keep their exact text: replay matches a request on it.
        return root is not null && Walk(root, IsSecretParameter, ref learnt) ? root.ToJsonString() : body;
    }
}
