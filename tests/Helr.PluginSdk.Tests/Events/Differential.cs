using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// Reads bodies with the scanner and with <see cref="ReferenceEventSearch"/> (Utf8JsonReader) and
/// collects every disagreement: a body one accepts and the other rejects, different events, or a
/// different outcome when the same body arrives in pieces.
/// </summary>
internal sealed class Differential
{
    private const int MostReported = 30;
    private readonly List<string> _failures = new();

    /// <summary>Enough failures collected to stop early.</summary>
    public bool Full => _failures.Count >= MostReported;

    /// <summary>Compares the one-shot scan with the reference; true when the reference accepts the body.</summary>
    public bool Check(byte[] body)
    {
        var (expected, empty) = ReferenceEventSearch.Search(body);
        var actual = Scan(body, Array.Empty<int>());
        var want = expected is null ? (empty ? "error: response body is empty" : "error") : Show(expected);
        var same = expected is not null ? actual == want
            : empty ? actual == want
            : actual.StartsWith("error: response is not valid JSON", StringComparison.Ordinal)
                || actual.StartsWith("error: response has data after the JSON document", StringComparison.Ordinal);
        if (!same) _failures.Add($"{Describe(body)}: reference {want}, scanner {actual}");
        return expected is not null;
    }

    /// <summary>Compares the scan of the body fed as the given prefixes with its one-shot scan.</summary>
    public void CheckChunked(byte[] body, IReadOnlyList<int> ends)
    {
        var whole = Scan(body, Array.Empty<int>());
        var chunked = Scan(body, ends);
        if (chunked != whole) _failures.Add($"{Describe(body)} fed to [{string.Join(",", ends.Take(20))}...]: {chunked}, whole: {whole}");
    }

    /// <summary>Fails with the first disagreements, and the seed when the bodies were random.</summary>
    public void AssertNone(string? seedNote = null)
    {
        var header = seedNote is null ? "" : $"{seedNote}\n";
        Assert.True(_failures.Count == 0, header + string.Join("\n", _failures.Take(MostReported)));
    }

    /// <summary>Prefix lengths every <paramref name="step"/> bytes, ending before <paramref name="length"/>.</summary>
    public static List<int> Every(int length, int step) =>
        Enumerable.Range(1, Math.Max(0, (length - 1) / step)).Select(i => i * step).ToList();

    // The outcome of scanning body fed as the given prefixes: the event ranges or the error message.
    private static string Scan(byte[] body, IReadOnlyList<int> ends)
    {
        var events = new List<Range>();
        try
        {
            var scan = new JsonEventExtractor().StartScan();
            foreach (var end in ends) scan.Advance(body.AsSpan(0, end));
            scan.Complete(body, events);
            return Show(events);
        }
        catch (EventFormatException ex)
        {
            return events.Count == 0 ? $"error: {ex.Message}" : $"error after adding events: {ex.Message}";
        }
    }

    private static string Show(List<Range> ranges) => string.Join(" ", ranges.Select(r => $"{r.Start.Value}..{r.End.Value}"));

    private static string Describe(byte[] body) =>
        body.Length > 300 ? $"<{body.Length} bytes>" : Convert.ToHexString(body) + " " + Encoding.UTF8.GetString(body).ReplaceLineEndings("\\n");
}
