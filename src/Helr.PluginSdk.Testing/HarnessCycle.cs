using System.Text.Json;

namespace Helr.PluginSdk.Testing;

/// <summary>What one poll cycle run by <see cref="SourceHarness"/> did.</summary>
public sealed class HarnessCycle
{
    /// <summary>The NDJSON lines (envelopes) the cycle wrote, in order, without their newlines.</summary>
    public required IReadOnlyList<string> Lines { get; init; }

    /// <summary>The source's stored state after the cycle.</summary>
    public required IReadOnlyDictionary<string, string> State { get; init; }

    /// <summary>The requests the fake server saw during the cycle (token requests included).</summary>
    public required IReadOnlyList<RecordedRequest> Requests { get; init; }

    /// <summary>Pages written.</summary>
    public int Pages { get; init; }

    /// <summary>Why the cycle failed, or null when it succeeded.</summary>
    public string? Error { get; init; }

    /// <summary>The log entries of the cycle, rendered as <c>LEVEL message</c>.</summary>
    public required IReadOnlyList<string> Log { get; init; }

    /// <summary>The envelopes, parsed.</summary>
    public IReadOnlyList<JsonElement> Envelopes => Lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>The string value of <paramref name="field"/> of each envelope's <c>event</c>.</summary>
    public IReadOnlyList<string?> EventField(string field) =>
        Envelopes.Select(e => e.GetProperty("event").TryGetProperty(field, out var v) ? v.ToString() : null).ToList();
}
