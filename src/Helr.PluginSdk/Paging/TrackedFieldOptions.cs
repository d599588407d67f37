namespace Helr.PluginSdk.Paging;

/// <summary>
/// A value tracked across cycles (<c>incremental_from</c> or <c>state</c>): the largest value of
/// <see cref="EventPath"/> seen is stored under <see cref="StateKey"/> once a traversal completes,
/// and sent as <see cref="Param"/> on the first request of the next traversal.
/// </summary>
public sealed record TrackedFieldOptions
{
    /// <summary>State key holding the value.</summary>
    public required string StateKey { get; init; }

    /// <summary>Dotted path of the value in each event.</summary>
    public required string EventPath { get; init; }

    /// <summary>Query parameter name for the first request.</summary>
    public required string Param { get; init; }

    /// <summary>
    /// The step of the vendor's range filter, in the tracked value's unit, when it is coarser than the
    /// value: GitHub's <c>created:&gt;=</c> takes seconds while <c>@timestamp</c> is epoch milliseconds,
    /// so 1000. The watermark tracker then keeps the ids of every event in the last step (not only
    /// those equal to the maximum), because the whole step comes back. Numeric values only; null (the
    /// default) means the filter takes the value exactly.
    /// </summary>
    public decimal? FilterStep { get; init; }
}
