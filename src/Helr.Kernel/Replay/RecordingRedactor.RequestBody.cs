using System.Text.Json;
using System.Text.Json.Nodes;
using Helr.Kernel.Text;

namespace Helr.Kernel.Replay;

// The request bodies a recording stores: token forms, JSON pages, a hook's login.
internal sealed partial class RecordingRedactor
{
    /// <summary>A form (<c>a=b&amp;c=d</c>) or JSON body with credential-named fields replaced; any other body scrubbed.</summary>
    public string RedactRequestBody(string body, bool form)
    {
        if (!form) return Scrub(RedactJsonFields(body));
        return Scrub(QueryPairs.Rewrite(body, (name, value) =>
        {
            if (!IsSecretParameter(name)) return null;
            AddSecret(Uri.UnescapeDataString(value.Replace('+', ' ')));
            return Uri.EscapeDataString(Redacted);
        }));
    }

    // A hook's login (fetch with {"code": PAT}) sends a secret the config never names, so only its field name gives it away.
    private string RedactJsonFields(string body)
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
        return root is not null && Walk(root, IsSecretParameter) ? root.ToJsonString() : body;
    }
}
