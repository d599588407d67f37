namespace Helr.PluginSdk.Paging;

/// <summary>Reads RFC 8288 <c>Link</c> headers: <c>&lt;uri&gt;; rel="next", &lt;uri&gt;; rel="prev"</c>.</summary>
public static class LinkHeader
{
    /// <summary>
    /// The first link whose <c>rel</c> (one of its space-separated values, compared case-insensitively)
    /// is <paramref name="rel"/>, resolved against <paramref name="baseUrl"/>; null when there is none.
    /// </summary>
    public static Uri? Find(IEnumerable<string> headerValues, string rel, Uri baseUrl)
    {
        foreach (var value in headerValues)
        {
            foreach (var entry in SplitEntries(value))
            {
                var open = entry.IndexOf('<');
                var close = entry.IndexOf('>', open + 1);
                if (open < 0 || close < 0) continue;
                var target = entry[(open + 1)..close].Trim();
                if (!HasRel(entry[(close + 1)..], rel)) continue;
                if (Uri.TryCreate(baseUrl, target, out var resolved)) return resolved;
            }
        }
        return null;
    }

    private static bool HasRel(string parameters, string rel)
    {
        foreach (var raw in parameters.Split(';'))
        {
            var part = raw.Trim();
            var eq = part.IndexOf('=');
            if (eq < 0 || !part[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)) continue;
            var values = part[(eq + 1)..].Trim().Trim('"');
            foreach (var v in values.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (v.Equals(rel, StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }

    // Commas may appear inside <...>, so split only on commas outside angle brackets and quotes.
    private static IEnumerable<string> SplitEntries(string value)
    {
        var start = 0;
        var inAngle = false;
        var inQuote = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<' when !inQuote: inAngle = true; break;
                case '>' when !inQuote: inAngle = false; break;
                case '"' when !inAngle: inQuote = !inQuote; break;
                case ',' when !inAngle && !inQuote:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }
        if (start < value.Length) yield return value[start..];
    }
}
