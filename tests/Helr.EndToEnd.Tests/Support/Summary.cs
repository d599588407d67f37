using System.Globalization;
using System.Text.RegularExpressions;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>Reads helr's end-of-run "output summary" log line: the drop and error counters it reports.</summary>
public static partial class Summary
{
    public static long Dropped(string stderr, string source, string reason) =>
        Counter(stderr, $"helr_events_dropped_total{{source=\"{source}\",reason=\"{reason}\"}}");

    public static long OutputErrors(string stderr, string source) =>
        Counter(stderr, $"helr_output_errors_total{{source=\"{source}\"}}");

    private static long Counter(string stderr, string series)
    {
        var line = stderr.Split('\n').LastOrDefault(l => l.Contains("output summary:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no output summary line in stderr:\n" + stderr);
        var match = Regex.Match(line, Regex.Escape(series) + "=([0-9]+)");
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
