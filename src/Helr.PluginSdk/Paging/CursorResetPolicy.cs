using System.Text;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// <c>on_cursor_error</c>: decides whether an error response means the API rejected a stored
/// cursor (410 Gone, or a 4xx whose body says the cursor expired or is invalid) and, when resetting
/// is on, that the cycle should start over instead of failing. Auth and rate-limit failures
/// (401, 403, 429) are never about the cursor, even when their body says "expired". A cycle resets
/// at most once: a cursor rejected again after the reset fails the cycle instead of looping.
/// </summary>
public sealed class CursorResetPolicy
{
    private static readonly string[] ExpiredMarkers = { "expired", "invalid cursor", "cursor invalid", "invalid_cursor" };
    private readonly CycleContext _context;
    private bool _resetDone;

    /// <summary>Creates the policy for one cycle.</summary>
    /// <param name="resetOnError">True for <c>on_cursor_error: reset</c>; false fails the cycle.</param>
    /// <param name="context">The cycle, for its source id and log.</param>
    public CursorResetPolicy(bool resetOnError, CycleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ResetOnError = resetOnError;
        _context = context;
    }

    /// <summary>Whether a rejected cursor resets the position (else the cycle fails).</summary>
    public bool ResetOnError { get; }

    /// <summary>True when <paramref name="response"/> looks like the API rejecting the cursor it was sent.</summary>
    public static bool IsCursorRejected(PageResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is < 400 or >= 500 or 401 or 403 or 429) return false;
        if (response.StatusCode == 410) return true;
        var body = Encoding.UTF8.GetString(response.Body.Span[..Math.Min(response.Body.Length, 4096)]).ToLowerInvariant();
        return ExpiredMarkers.Any(body.Contains);
    }

    /// <summary>
    /// True when the cycle should drop its position and start again from its first request (range
    /// start applied) in the same cycle: resetting is on, a cursor was sent, the API rejected it, and
    /// this cycle has not reset yet. Logs a warning saying so.
    /// </summary>
    public bool ShouldReset(PageResponse response, bool cursorSent)
    {
        if (!ResetOnError || !cursorSent || _resetDone || !IsCursorRejected(response)) return false;
        _resetDone = true;
        _context.Log.Warn("the API rejected the stored cursor (HTTP {Status}); on_cursor_error is reset, so the cursor is cleared and the cycle starts again from the first request",
            response.StatusCode);
        return true;
    }
}
