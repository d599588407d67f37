namespace Helr.Plugins.Slack;

/// <summary>A slack source's settings, vendor defaults already laid under the user's keys.</summary>
internal sealed record SlackOptions
{
    public const string DefaultUrl = "https://api.slack.com/audit/v1/logs";

    public required Uri Url { get; init; }

    /// <summary><c>from</c>: Unix seconds sent as <c>oldest</c> while nothing is stored yet; null sends none.</summary>
    public string? From { get; init; }

    /// <summary><c>query_params</c> (limit, action, actor, entity, latest): sent on every page.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> QueryParams { get; init; }

    public int MaxPages { get; init; } = 25;

    /// <summary><c>lag_secs</c>: how far before the newest entry written a traversal's <c>oldest</c> goes, for entries Slack lists late.</summary>
    public long LagSecs { get; init; } = DefaultLagSecs;

    public const long DefaultLagSecs = 600;

    /// <summary>
    /// Unix seconds of the year 5138: any larger value is epoch milliseconds (2001 on in ms is past it), which as
    /// <c>oldest</c> starts the range tens of thousands of years ahead, where no entry is.
    /// </summary>
    public const long FirstMilliseconds = 100_000_000_000;

    /// <summary><c>on_cursor_error</c>: an <c>invalid_cursor</c> answer restarts the traversal instead of failing.</summary>
    public bool ResetOnCursorError { get; init; } = true;
}
