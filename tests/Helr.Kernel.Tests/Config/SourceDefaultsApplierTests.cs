using Helr.Kernel.Config;
using Helr.PluginSdk.Sources;
using Helr.PluginSdk.Testing;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

/// <summary>A source type's defaults fill the kernel-owned keys the user left out, key by key.</summary>
public sealed class SourceDefaultsApplierTests
{
    private static readonly SourceDefaults Okta = new()
    {
        TimestampField = "published",
        IdField = "uuid",
        DedupeIdPath = "uuid",
        IntervalSecs = 30,
        RetryableStatusCodes = new[] { 429, 503 },
        RateLimitHeaders = new RateLimitHeaderNames { Limit = "X-Rate-Limit-Limit", Remaining = "X-Rate-Limit-Remaining", Reset = "X-Rate-Limit-Reset" },
    };

    private static SourceSettings Apply(string json)
    {
        var node = ConfigTree.Source(json);
        return SourceDefaultsApplier.Apply(SourceSettingsReader.Read("s", node, new TestEnvironment()), Okta, node);
    }

    [Fact]
    public void Unset_keys_take_the_vendor_defaults()
    {
        var s = Apply("""{"type": "okta"}""");
        Assert.Equal(30, s.IntervalSecs);
        Assert.Equal("published", s.TimestampField);
        Assert.Equal("uuid", s.IdField);
        Assert.Equal("uuid", s.DedupeIdPath);
        Assert.Equal(new[] { 429, 503 }, s.Resilience.Retries.RetryableStatusCodes);
        Assert.Equal("X-Rate-Limit-Remaining", s.Resilience.RateLimit.Headers.RemainingHeader);
    }

    [Fact]
    public void Each_key_the_user_sets_wins_alone()
    {
        var s = Apply("""
            {"type": "okta", "schedule": {"interval_secs": 300}, "transform": {"id_field": "eventId"},
             "dedupe": {"id_path": "eventId"},
             "resilience": {"retries": {"retryable_status_codes": [500]}, "rate_limit": {"headers": {"reset_header": "X-Reset"}}}}
            """);
        Assert.Equal(300, s.IntervalSecs);
        Assert.Equal("eventId", s.IdField);
        Assert.Equal("published", s.TimestampField); // the user's transform named only id_field
        Assert.Equal("eventId", s.DedupeIdPath);
        Assert.Equal(new[] { 500 }, s.Resilience.Retries.RetryableStatusCodes);
        Assert.Equal("X-Reset", s.Resilience.RateLimit.Headers.ResetHeader);
        Assert.Equal("X-Rate-Limit-Limit", s.Resilience.RateLimit.Headers.LimitHeader);
    }

    [Fact]
    public void No_defaults_change_nothing()
    {
        var node = ConfigTree.Source("""{"type": "generic"}""");
        var settings = SourceSettingsReader.Read("s", node, new TestEnvironment());
        Assert.Same(settings, SourceDefaultsApplier.Apply(settings, SourceDefaults.None, node));
    }

    [Fact]
    public void A_dedupe_block_without_id_path_keeps_the_vendor_id_path()
    {
        var node = ConfigTree.Source("""{"type": "okta", "dedupe": {"capacity": 500}}""");
        var s = SourceDefaultsApplier.Apply(SourceSettingsReader.Read("s", node, new TestEnvironment()), Okta, node);
        Assert.Empty(node.Errors.All);
        Assert.Equal("uuid", s.DedupeIdPath);
        Assert.Equal(500, s.DedupeCapacity);
    }
}
