using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>What one poll cycle of a source may use. New members may be added in minor releases.</summary>
public sealed class CycleContext
{
    /// <summary>The source's key under <c>sources:</c>.</summary>
    public required string SourceId { get; init; }

    /// <summary>The source's stored state as it was when the cycle started.</summary>
    public required ISourceState State { get; init; }

    /// <summary>
    /// Sends extra requests (e.g. detail lookups) with the source's credentials and resilience
    /// settings; credentials go only to <see cref="ISource.CredentialOrigins"/>.
    /// </summary>
    public required IHttpSender Sender { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Dotted path of an event's id (<c>dedupe.id_path</c>, else <c>transform.id_field</c>, user's or
    /// vendor's), or null when none is configured. Watermark trackers use it to recognise the events
    /// at the boundary timestamp that come back.
    /// </summary>
    public string? EventIdPath { get; init; }

    /// <summary>
    /// Cancelled when the cycle is stopped outright: shutdown, a reload that stopped waiting for the
    /// page in flight, or <c>timeouts.poll_tick_secs</c>. The steps of <see cref="IPollCycle"/> are
    /// synchronous, so a step that runs long on its own (a script, a lookup) stops when this fires by
    /// throwing <see cref="OperationCanceledException"/>: a stop, not a failure of the source.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Where the plugin logs; the kernel attaches the source id to every entry.</summary>
    public required IPluginLogger Log { get; init; }
}
