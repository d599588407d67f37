using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>A run of events of a page being streamed (see <see cref="IStreamingPollCycle"/>).</summary>
public sealed record EventWindow
{
    /// <summary>The response being read: status, headers and URL; its <see cref="PageResponse.Body"/> is empty (the body is not whole yet).</summary>
    public required PageResponse Response { get; init; }

    /// <summary>The window's events; its body is a part of the page's, valid only during the call.</summary>
    public required EventBatch Events { get; init; }

    /// <summary>The index of the window's first event among the page's events; 0 starts a page.</summary>
    public required int FirstIndex { get; init; }
}
