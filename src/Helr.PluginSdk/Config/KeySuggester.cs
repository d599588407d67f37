namespace Helr.PluginSdk.Config;

/// <summary>Finds the closest known key to a mistyped one, for "did you mean" hints.</summary>
public static class KeySuggester
{
    /// <summary>The known key closest to <paramref name="unknown"/>, or null when none is close.</summary>
    public static string? Suggest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var d = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        var limit = Math.Max(2, unknown.Length / 3);
        return bestDistance <= limit ? best : Abbreviated(unknown, known);
    }

    // A key written out in full where Helr takes its short form (organization for org) is too many
    // edits away for a typo; the known key must end where a word goes on, not before another word
    // (url_template is not url).
    private static string? Abbreviated(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        foreach (var candidate in known)
        {
            if (candidate.Length >= 3 && unknown.Length > candidate.Length && char.IsAsciiLetterLower(char.ToLowerInvariant(unknown[candidate.Length]))
                && unknown.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) && candidate.Length > (best?.Length ?? 0))
                best = candidate;
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
