namespace Helr.Plugins.Gws;

/// <summary>
/// The <c>applicationName</c> values of activities.list, with a default <c>lag_secs</c> each from
/// Google's "Data retention and lag times" (support.google.com/a/answer/7061566): "near real time
/// (couple of minutes)" gets 10 minutes, "tens of minutes, up to a couple of hours" 2 hours, "up to a
/// few hours" 3 hours; an application that table does not name (yet) gets its longest, 3 hours, so
/// nothing is missed for want of a lag.
/// </summary>
internal static class Applications
{
    private const long NearRealTime = 600;
    private const long Unlisted = 10_800;

    /// <summary>
    /// The Reports API keeps 180 days and refuses a range reaching further back ("Start time and end time
    /// should be within last 180 days"), so a window from before that (<c>from</c>, a long lookback,
    /// downtime) would fail every cycle. A day less, so a window planned now is still within Google's 180
    /// days by its clock when the last page is asked for.
    /// </summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(179);

    /// <summary>
    /// Gmail refuses a range over 30 days ("the scan duration should not be greater than 30 days"), so a
    /// longer window (a first run from further back, downtime) would fail every cycle and never catch up.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> MaxWindow = new Dictionary<string, TimeSpan>
    {
        ["gmail"] = TimeSpan.FromDays(30),
    };

    public static readonly IReadOnlyDictionary<string, long> LagSecs = new Dictionary<string, long>
    {
        ["access_evaluation"] = NearRealTime,
        ["access_transparency"] = NearRealTime,
        ["admin"] = NearRealTime,
        ["admin_data_action"] = NearRealTime,
        ["assignments"] = NearRealTime,
        ["calendar"] = 7_200,
        ["chat"] = NearRealTime,
        ["chrome"] = NearRealTime,
        ["classroom"] = NearRealTime,
        ["cloud_search"] = 10_800,
        ["context_aware_access"] = NearRealTime,
        ["data_migration"] = NearRealTime,
        ["data_studio"] = NearRealTime,
        ["directory_sync"] = Unlisted,
        ["drive"] = NearRealTime,
        ["gcp"] = NearRealTime,
        ["gemini_in_workspace_apps"] = Unlisted,
        ["gmail"] = NearRealTime,
        ["groups"] = NearRealTime,
        ["groups_enterprise"] = NearRealTime,
        ["jamboard"] = NearRealTime,
        ["keep"] = NearRealTime,
        ["login"] = NearRealTime,
        ["meet"] = NearRealTime,
        ["mobile"] = NearRealTime,
        ["rules"] = NearRealTime,
        ["saml"] = NearRealTime,
        ["tasks"] = NearRealTime,
        ["token"] = NearRealTime,
        ["user_accounts"] = NearRealTime,
        ["vault"] = NearRealTime,
    };
}
