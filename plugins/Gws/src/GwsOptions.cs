namespace Helr.Plugins.Gws;

/// <summary>One source's settings, read and checked by <see cref="GwsSourceType"/>.</summary>
internal sealed record GwsOptions
{
    /// <summary><c>…/admin/reports/v1/activity/users/&lt;user_key&gt;/applications/&lt;application&gt;</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Start of the very first window; null = now − <see cref="LookbackSecs"/>.</summary>
    public DateTimeOffset? From { get; init; }

    public long LookbackSecs { get; init; }

    /// <summary>Windows end this long before now, and each starts this long before the last one ended.</summary>
    public long LagSecs { get; init; }

    public int MaxResults { get; init; }

    public int MaxPages { get; init; }

    /// <summary>Extra query parameters of activities.list (eventName, filters, orgUnitID, …).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParams { get; init; } = Array.Empty<KeyValuePair<string, string>>();
}
