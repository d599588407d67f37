namespace Helr.PluginSdk.Events;

/// <summary>The events of one page: ranges into the response body.</summary>
public sealed record EventBatch
{
    /// <summary>The whole response body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Where each event sits in <see cref="Body"/>.</summary>
    public required IReadOnlyList<Range> Ranges { get; init; }

    /// <summary>
    /// Why extraction failed, when the source skips parse errors; else null. In
    /// <see cref="Sources.PageStep.Events"/>: why the source could not read the page.
    /// </summary>
    public string? ParseError { get; init; }

    /// <summary>Number of events on the page.</summary>
    public int Count => Ranges.Count;

    /// <summary>The raw JSON bytes of event <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => Body.Span[Ranges[index]];
}
