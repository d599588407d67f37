namespace Helr.PluginSdk.Time;

/// <summary>How a source lays out its time windows (see <see cref="TimeWindows"/>).</summary>
public sealed record TimeWindowOptions
{
    /// <summary>State key of the end of the last completed window (RFC 3339); <c>window_end</c> by default.</summary>
    public string EndKey { get; init; } = "window_end";

    /// <summary>Windows end this long before now, so events the vendor is still writing are left for a later window.</summary>
    public TimeSpan Lag { get; init; }

    /// <summary>
    /// Each window after the first starts this long before the last one ended, for vendors that deliver
    /// events late (the source must recognise the repeats in the overlap). Zero: windows meet exactly.
    /// </summary>
    public TimeSpan Overlap { get; init; }

    /// <summary>No window is longer (a long outage is caught up in several); null: one window up to now − <see cref="Lag"/>.</summary>
    public TimeSpan? MaxLength { get; init; }

    /// <summary>
    /// How far back the API keeps events and lets itself be asked: no window starts before now − this
    /// (a <c>from</c>, lookback or stored end further back would be refused every cycle). Null: no limit.
    /// </summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>Start of the very first window; null: now − <see cref="Lookback"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>How far back the very first window starts when <see cref="From"/> is not set.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromDays(1);
}
