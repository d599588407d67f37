namespace Helr.PluginSdk.Events;

/// <summary>
/// Finds events while a body is still arriving, so parsing overlaps the network. One scanner per
/// response; events are handed out only by <see cref="Complete"/>, once the whole body is known to be
/// well-formed. Internal: plugins see events through <see cref="IEventExtractor"/> and
/// <see cref="EventBatch"/>; only the kernel's page reader feeds a scanner (InternalsVisibleTo in Helr.PluginSdk.csproj).
/// </summary>
internal interface IEventScanner
{
    /// <summary>
    /// Reads what arrived since the last call. <paramref name="bodySoFar"/> is every byte received so
    /// far (the buffer holding it may move between calls; offsets stay valid).
    /// </summary>
    void Advance(ReadOnlySpan<byte> bodySoFar);

    /// <summary>
    /// Reads the rest of the complete <paramref name="body"/> and appends the range of every event to
    /// <paramref name="events"/>. Throws <see cref="EventFormatException"/> when the body is malformed.
    /// </summary>
    void Complete(ReadOnlySpan<byte> body, List<Range> events);

    /// <summary>
    /// Whether <see cref="TakeFinal"/> can hand events out before the body is whole (the default search,
    /// without an events or object path); else it never hands any out and the body must be read whole.
    /// </summary>
    bool CanWindow { get; }

    /// <summary>
    /// Appends the ranges of the events found by the calls so far that are certainly events of the page,
    /// and forgets them: <see cref="Complete"/> then appends only the rest. Once it handed some out, a
    /// body that would make them not the page's events is malformed (<see cref="EventFormatException"/>).
    /// </summary>
    void TakeFinal(List<Range> events);

    /// <summary>The first byte of the body so far a later call may still read.</summary>
    int NeededFrom { get; }

    /// <summary>
    /// The caller dropped the first <paramref name="count"/> bytes (all before <see cref="NeededFrom"/>):
    /// every later span starts that much further into the body, and every offset is relative to it.
    /// </summary>
    void Rebase(int count);
}
