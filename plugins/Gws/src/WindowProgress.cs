using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>
/// How far the pages of a window have got: its edge is the oldest time written when pages come newest
/// first (Reports), the newest when they come oldest first (Cloud Logging). A page token Google rejects
/// (typically one that expired between cycles) starts the window again from the edge's second only: what
/// lies beyond was written, so it is neither asked for nor written again, and a window still finishes
/// however often its tokens expire. The overlap memory keeps the keys of the edge's second, whose
/// activities may have been written in part.
/// </summary>
internal sealed class WindowProgress
{
    public const string EdgeKey = "window_edge";
    public const string RestartKey = "window_restart_at";
    private readonly bool _newestFirst;
    private bool _stored;

    public WindowProgress(bool newestFirst, ISourceState state)
    {
        _newestFirst = newestFirst;
        Edge = Rfc3339.Parse(state.Get(EdgeKey));
        Restart = Rfc3339.Parse(state.Get(RestartKey));
        _stored = Edge is not null || Restart is not null;
    }

    /// <summary>The oldest (newest first) or newest (oldest first) activity time written in this window.</summary>
    public DateTimeOffset? Edge { get; private set; }

    /// <summary>The end (newest first) or start (oldest first) the window is asked with since a token was rejected.</summary>
    public DateTimeOffset? Restart { get; private set; }

    public void Observe(DateTimeOffset at)
    {
        if (Edge is not { } edge || (_newestFirst ? at < edge : at > edge)) Edge = at;
    }

    /// <summary>Whether <paramref name="at"/> is in the edge's second, which a restart asks for again.</summary>
    public bool AtEdge(DateTimeOffset at) =>
        Edge is { } edge && at >= Rfc3339.TruncateToSeconds(edge) && at <= Rfc3339.TruncateToSeconds(edge).AddSeconds(1);

    /// <summary>
    /// The bounds to ask <c>[start, end]</c> with: narrowed to the edge's second after a restart, never past
    /// the window's own end (which its first request asked with, whatever Google makes of it).
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(DateTimeOffset start, DateTimeOffset end) =>
        Restart is not { } at ? (start, end) : _newestFirst ? (start, at < end ? at : end) : (at, end);

    /// <summary>
    /// Narrows the window to what is not written yet (the whole window while nothing is); bounds are whole
    /// seconds. Newest first, the end is the second after the edge's, also when the edge is a whole second:
    /// whether Google's endTime includes its own instant is undocumented, and asked with the edge itself an
    /// unwritten activity at exactly that time would be lost if it does not. The overlap memory holds the
    /// keys up to that second's end (<see cref="AtEdge"/>), so what comes again is not written again.
    /// </summary>
    public void RestartAtEdge()
    {
        if (Edge is not { } edge) return;
        var second = Rfc3339.TruncateToSeconds(edge);
        Restart = _newestFirst ? second.AddSeconds(1) : second;
    }

    public void AddInProgress(IDictionary<string, string> checkpoint)
    {
        if (Edge is { } edge) checkpoint[EdgeKey] = edge.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        if (Restart is { } at) checkpoint[RestartKey] = Rfc3339.Format(at);
        _stored |= Edge is not null || Restart is not null;
    }

    public void AddCompleted(IDictionary<string, string> checkpoint)
    {
        if (!_stored) return;
        checkpoint[EdgeKey] = "";
        checkpoint[RestartKey] = "";
    }
}
