namespace Helr.EndToEnd.Tests.Resilience;

/// <summary>Builds a one-source helr.yaml with an indented <c>resilience:</c> block.</summary>
internal static class ResilienceYaml
{
    public static string Source(string url, string resilience, string extra = "", string global = "")
    {
        var block = string.Join("\n", resilience.Trim('\n').Split('\n').Select(l => "      " + l));
        var more = string.Join("\n", extra.Trim('\n').Split('\n').Select(l => "    " + l));
        var top = global.Length == 0 ? "" : "global:\n" + string.Join("\n", global.Trim('\n').Split('\n').Select(l => "  " + l)) + "\n";
        return $"""
            {top}sources:
              s1:
                url: {url}
                resilience:
            {block}
            {more}
            """;
    }
}
