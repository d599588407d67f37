using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Lays a source type's <see cref="SourceDefaults"/> under the user's kernel-owned keys, key by key:
/// whatever the user set wins, every other key takes the vendor's value, then the kernel's.
/// </summary>
internal static class SourceDefaultsApplier
{
    public static SourceSettings Apply(SourceSettings settings, SourceDefaults defaults, ConfigNode node)
    {
        if (ReferenceEquals(defaults, SourceDefaults.None)) return settings;
        var resilience = settings.Resilience;
        var headers = resilience.RateLimit.Headers;
        var vendorHeaders = defaults.RateLimitHeaders;
        var userInterval = node.Child("schedule")?.Child("interval_secs") is not null;
        var userAdaptive = node.Child("resilience")?.Child("rate_limit")?.Child("adaptive") is not null;
        return settings with
        {
            IntervalSecs = userInterval ? settings.IntervalSecs : defaults.IntervalSecs ?? settings.IntervalSecs,
            TimestampField = settings.TimestampField ?? defaults.TimestampField,
            IdField = settings.IdField ?? defaults.IdField,
            // A dedupe block sizing only the window keeps the vendor's id path, as every other key does.
            DedupeIdPath = settings.DedupeIdPath ?? defaults.DedupeIdPath,
            Resilience = resilience with
            {
                Retries = resilience.Retries with
                {
                    RetryableStatusCodes = resilience.Retries.RetryableStatusCodes ?? defaults.RetryableStatusCodes?.ToArray(),
                },
                RateLimit = resilience.RateLimit with
                {
                    Adaptive = userAdaptive ? resilience.RateLimit.Adaptive : defaults.AdaptiveRateLimit ?? resilience.RateLimit.Adaptive,
                    MinimumWait = defaults.RateLimitMinimumWait,
                    RefusalMessage = defaults.RateLimitMessage,
                    RefusalClassifier = defaults.RateLimitClassifier,
                    Headers = headers with
                    {
                        LimitHeader = headers.LimitHeader ?? vendorHeaders?.Limit,
                        RemainingHeader = headers.RemainingHeader ?? vendorHeaders?.Remaining,
                        ResetHeader = headers.ResetHeader ?? vendorHeaders?.Reset,
                    },
                },
            },
        };
    }
}
