using System.Globalization;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale;

/// <summary>
/// How long this source's windows are: <c>max_window_secs</c>, unless a window's answer was over
/// <c>max_response_bytes</c> (the API has no pagination, so a busy window cannot be split any other way).
/// Then the window is asked for again half as long, down to one second, and the length is stored
/// (<see cref="StateKey"/>) so a restart does not go back to a length that failed. Each full-length
/// window that fits doubles it again, up to <c>max_window_secs</c>, when the key is cleared.
/// </summary>
internal sealed class TailscaleWindowLength
{
    public const string StateKey = "window_secs";

    private readonly long _max;

    // The shortest length whose answer was too large in this cycle: growing back to it would only
    // read another oversized body. The next cycle tries again, as the logs may have quietened down.
    private long _failed = long.MaxValue;

    public TailscaleWindowLength(long maxSecs, ISourceState state)
    {
        _max = maxSecs;
        // Capped by max_window_secs, which the user may have lowered since it was stored.
        Secs = long.TryParse(state.Get(StateKey), NumberStyles.None, CultureInfo.InvariantCulture, out var stored) && stored >= 1
            ? Math.Min(stored, maxSecs)
            : maxSecs;
    }

    /// <summary>The length of the next window, in seconds (the last window of a cycle may be shorter).</summary>
    public long Secs { get; private set; }

    /// <summary>
    /// The answer to a window <paramref name="windowSecs"/> long was too large: the next one is half
    /// as long, stored in <paramref name="checkpoint"/>. False when it was one second long already.
    /// </summary>
    public bool Shrink(long windowSecs, IDictionary<string, string> checkpoint)
    {
        if (windowSecs <= 1) return false;
        _failed = Math.Min(_failed, windowSecs);
        Secs = windowSecs / 2;
        checkpoint[StateKey] = Secs.ToString(CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>
    /// A window <paramref name="windowSecs"/> long fitted. Only a full-length one doubles the length: a
    /// shorter one (the last of a cycle, up to now − lag) says nothing about a longer one.
    /// </summary>
    public void Fitted(long windowSecs, IDictionary<string, string> checkpoint)
    {
        if (windowSecs < Secs || Secs >= _max || Secs * 2 >= _failed) return;
        Secs = Math.Min(Secs * 2, _max);
        checkpoint[StateKey] = Secs == _max ? "" : Secs.ToString(CultureInfo.InvariantCulture);
    }
}
