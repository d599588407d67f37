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

    /// <summary>
    /// The envelope's <c>ts</c> of each event, by index, written as given, for a source that parses pages
    /// in code of its own and knows each event's time (a script's <c>ts</c>); set on the batch it hands
    /// over as <see cref="Sources.PageStep.Events"/>. Null (the default), a shorter list or a null or
    /// empty entry leaves those events to the source's rules (<c>transform.timestamp_field</c>, the
    /// fallback keys, the time of writing).
    /// </summary>
    public IReadOnlyList<string?>? Timestamps { get; init; }

    /// <summary>
    /// The value of each event's label entry (<c>source_label_key</c>), by index, in place of
    /// <c>source_label_value</c> or the source id; like <see cref="Timestamps"/>, for a batch handed over
    /// as <see cref="Sources.PageStep.Events"/>. Null (the default), a shorter list or a null or empty
    /// entry leaves those events the source's label.
    /// </summary>
    public IReadOnlyList<string?>? Labels { get; init; }

    /// <summary>
    /// The envelope's <c>meta.cursor</c> of each event, by index, written as given (an empty string too),
    /// for a batch handed over as <see cref="Sources.PageStep.Events"/> whose events say where they sit in
    /// the vendor's paging (a script's <c>meta.cursor</c>). Null (the default), a shorter list or a null
    /// entry writes none.
    /// </summary>
    public IReadOnlyList<string?>? Cursors { get; init; }

    /// <summary>
    /// The envelope's <c>meta.request_id</c> of every event of the batch (the request the page was read
    /// by, as a script's <c>ctx.request_id</c> names it), for a batch handed over as
    /// <see cref="Sources.PageStep.Events"/>. Null or empty (the default) writes none.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>Number of events on the page.</summary>
    public int Count => Ranges.Count;

    /// <summary>The raw JSON bytes of event <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> this[int index] => Body.Span[Ranges[index]];
}
