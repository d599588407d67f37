namespace Helr.PluginSdk.Events;

/// <summary>
/// Finds events while a body is still arriving, so parsing overlaps the network. One scanner per
/// response; events are handed out only by <see cref="Complete"/>, once the whole body is known to be
/// well-formed. Internal: plugins see events through <see cref="IEventExtractor"/> and
/// <see cref="EventBatch"/>; only the kernel's page reader feeds a scanner (InternalsVisibleTo.cs).
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
}
