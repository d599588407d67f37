using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>The end of a page whose events went to <see cref="IStreamingPollCycle.OnEventWindow"/>.</summary>
public sealed record StreamedPage
{
    /// <summary>
    /// The response, its <see cref="PageResponse.Body"/> the body with the events left out: the bytes
    /// before the first event and after the last (<c>{"data":[],"next":"abc"}</c>), still one JSON
    /// document, so <see cref="Events.DottedPath"/> reads cursors and other fields from it.
    /// </summary>
    public required PageResponse Response { get; init; }

    /// <summary>The length of the whole body (for byte limits such as <c>max_bytes</c>).</summary>
    public required long BodyLength { get; init; }

    /// <summary>How many events the windows held.</summary>
    public required int EventCount { get; init; }

    /// <summary>
    /// Why the body could not be read, when the source skips parse errors; else null. Then none of the
    /// page's events are written and what the windows told the cycle must be forgotten.
    /// </summary>
    public string? ParseError { get; init; }
}
