namespace Helr.Kernel.Http;

/// <summary>
/// Takes a streamed body's events as they are found (<see cref="PageBuffer.ReadStreamingAsync"/>); the
/// bytes up to the last of them are dropped once it returns.
/// </summary>
internal interface IBodyWindowSink
{
    /// <summary>
    /// Takes the events at <paramref name="events"/> in <paramref name="body"/> (valid only during the
    /// call): the next events of the page, in order.
    /// </summary>
    ValueTask TakeAsync(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events, CancellationToken ct);

    /// <summary>Bodies over this many bytes are streamed.</summary>
    int ThresholdBytes { get; }

    /// <summary>Events go out in windows of at least this many new bytes (or of a full read buffer this large).</summary>
    int WindowBytes { get; }

    /// <summary>How the body was read in the end (whole or streamed, and its parse error).</summary>
    void End(BodyRead read);
}
