namespace Helr.Plugins.Tailscale;

/// <summary>One source's settings, read and checked by <see cref="TailscaleSourceType"/>.</summary>
internal sealed record TailscaleOptions
{
    /// <summary><c>…/api/v2/tailnet/&lt;tailnet&gt;/logging/&lt;log&gt;</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The event's time field: <c>eventTime</c> (configuration) or <c>logged</c> (network).</summary>
    public required string TimeField { get; init; }

    /// <summary>Start of the very first window; null = now − <see cref="LookbackSecs"/>.</summary>
    public DateTimeOffset? From { get; init; }

    public long LookbackSecs { get; init; }

    /// <summary>Windows end this long before now: events still being written are left for the next cycle.</summary>
    public long LagSecs { get; init; }

    /// <summary>No window is longer: a long outage is caught up in several requests.</summary>
    public long MaxWindowSecs { get; init; }

    /// <summary>Windows (requests) per cycle; the next cycle continues where this one stopped.</summary>
    public int MaxPages { get; init; }
}
