namespace Helr.PluginSdk.Events;

/// <summary>The events of one page: ranges into the response body.</summary>
/// <param name="Body">The whole response body.</param>
/// <param name="Ranges">Where each event sits in <paramref name="Body"/>.</param>
/// <param name="ParseError">Why extraction failed, when the source skips parse errors; else null.</param>
public sealed record EventBatch(ReadOnlyMemory<byte> Body, IReadOnlyList<Range> Ranges, string? ParseError = null)
{
    /// <summary>Number of events on the page.</summary>
    public int Count => Ranges.Count;

    /// <summary>The raw JSON bytes of event <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => Body.Span[Ranges[index]];
}
