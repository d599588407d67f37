namespace Helr.PluginSdk.Time;

/// <summary>One window of a time-window API: the events from <see cref="Start"/> to <see cref="End"/>.</summary>
/// <param name="Start">The window's start, whole seconds.</param>
/// <param name="End">The window's end, whole seconds.</param>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Whether <paramref name="at"/> lies in <c>[Start, End)</c>: the bounds a collector writes, so windows that meet share no event.</summary>
    public bool HalfOpenContains(DateTimeOffset at) => at >= Start && at < End;
}
