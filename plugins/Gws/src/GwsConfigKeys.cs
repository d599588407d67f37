using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws;

/// <summary>
/// What <c>helr plugins inspect gws</c> shows, for both APIs (Reports and Cloud Logging);
/// <c>GwsConfigKeysTests</c> holds it to the reader.
/// </summary>
internal static class GwsConfigKeys
{
    public static IReadOnlyList<ConfigKeyInfo> All { get; } = new ConfigKeyInfo[]
    {
        new() { Name = "api", Type = "string", Default = "reports", Description = "reports (activities.list) or cloud_logging (entries.list)" },
        new() { Name = "auth", Type = "mapping", Required = true, Description = "type: google_service_account (domain-wide delegation) or another SDK auth" },
        new() { Name = "application", Type = "string", Description = "reports (required there): the application whose activities to read (login, admin, drive, token, ...)" },
        new() { Name = "user_key", Type = "string", Default = "all", Description = "reports: all, or one user's email address or id" },
        new() { Name = "max_results", Type = "integer", Default = "1000", Description = "reports: activities per page (1-1000)" },
        new() { Name = "event_name", Type = "string", Description = "reports: sent as eventName" },
        new() { Name = "filters", Type = "string", Description = "reports: sent as filters" },
        new() { Name = "customer_id", Type = "string", Description = "reports: sent as customerId" },
        new() { Name = "resource_names", Type = "list", Description = "cloud_logging (required there): projects/..., organizations/..., folders/... or billingAccounts/..." },
        new() { Name = "filter", Type = "string", Description = "cloud_logging: a Logging query" },
        new() { Name = "page_size", Type = "integer", Default = "1000", Description = "cloud_logging: entries per page (1-1000)" },
        new() { Name = "url", Type = "url", Default = "https://admin.googleapis.com", Description = "the API base URL, with or without /admin/reports/v1 (cloud_logging: https://logging.googleapis.com, with or without /v2)" },
        new() { Name = "from", Type = "string", Description = "RFC 3339 start of the very first window (unset: lookback_secs back)" },
        new() { Name = "lookback_secs", Type = "integer", Default = "86400", Description = "how far back the first window starts when from is not set" },
        new() { Name = "lag_secs", Type = "integer", Description = "windows end this long before now (unset: per application; cloud_logging 120)" },
        new() { Name = "max_pages", Type = "integer", Default = "100", Description = "pages per cycle; a window cut short continues next cycle" },
    };
}
