using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Time;

/// <summary>
/// The windows of one cycle of a time-window API: from the stored end of the last window (less the
/// overlap), else <c>from</c>, else one lookback ago, but never before now − <see cref="TimeWindowOptions.MaxAge"/>;
/// up to now − lag, each at most <see cref="TimeWindowOptions.MaxLength"/> long and starting where the
/// previous one ended. Times are whole seconds, so a stored end is the next start exactly as sent. The cycle stores each window's
/// end (<see cref="AddCompleted"/>) once the window's events are written.
/// </summary>
public sealed class TimeWindows
{
    private readonly TimeWindowOptions _options;

    /// <summary>Plans from the stored state and the clock.</summary>
    public TimeWindows(TimeWindowOptions options, ISourceState state, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        var now = Rfc3339.TruncateToSeconds(time.GetUtcNow());
        Target = now - options.Lag;
        LastEnd = Rfc3339.Parse(state.Get(options.EndKey));
        var start = LastEnd is { } last ? last - options.Overlap : Rfc3339.TruncateToSeconds(options.From ?? now - options.Lookback);
        Earliest = options.MaxAge is { } age ? now - age : null;
        if (Earliest is { } earliest && start < earliest)
        {
            Skipped = start;
            start = earliest;
        }
        First = Target > (LastEnd ?? start) && Target > start ? Window(start) : null;
    }

    /// <summary>Where this cycle's last window ends: now − lag, in whole seconds.</summary>
    public DateTimeOffset Target { get; }

    /// <summary>The earliest start a window may have this cycle (now − <see cref="TimeWindowOptions.MaxAge"/>), or null without a limit.</summary>
    public DateTimeOffset? Earliest { get; }

    /// <summary>Where the first window would have started had <see cref="Earliest"/> not moved it later; null when it did not.</summary>
    public DateTimeOffset? Skipped { get; }

    /// <summary>The stored end of the last completed window, or null before the first.</summary>
    public DateTimeOffset? LastEnd { get; }

    /// <summary>The cycle's first window; null when the last one already ends at or after <see cref="Target"/>.</summary>
    public TimeWindow? First { get; }

    /// <summary>The window after <paramref name="window"/>, starting at its end; null once <see cref="Target"/> is reached.</summary>
    public TimeWindow? After(TimeWindow window) => window.End < Target ? Window(window.End) : null;

    /// <summary>Adds the state that records <paramref name="window"/> as complete: its end.</summary>
    public void AddCompleted(TimeWindow window, IDictionary<string, string> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        checkpoint[_options.EndKey] = Rfc3339.Format(window.End);
    }

    private TimeWindow Window(DateTimeOffset start)
    {
        var end = _options.MaxLength is { } max && start + max < Target ? start + max : Target;
        return new TimeWindow(start, end);
    }
}
