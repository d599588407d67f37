using System.Text.Json;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>What a finished helr process printed.</summary>
public sealed record HelrResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout split into NDJSON lines, each parsed (throws if any line is not JSON).</summary>
    public IReadOnlyList<JsonElement> Lines => Ndjson.Parse(Stdout);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

public static class Ndjson
{
    public static IReadOnlyList<JsonElement> Parse(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>The value at <c>event.&lt;field&gt;</c> of every line.</summary>
    public static IReadOnlyList<string> EventField(this IReadOnlyList<JsonElement> lines, string field) =>
        lines.Select(l => l.GetProperty("event").GetProperty(field).ToString()).ToList();
}
