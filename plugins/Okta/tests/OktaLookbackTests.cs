using Helr.Plugins.Okta.Tests.Support;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta.Tests;

/// <summary>The first cycle's default range start: Okta's seven days before now, on the clock the build context gives.</summary>
public sealed class OktaLookbackTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void The_default_from_is_seven_days_before_the_build_contexts_now()
    {
        var config = ConfigTree.Source("""{"domain": "acme.okta.com", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        var context = new SourceBuildContext
        {
            SourceId = "s", Environment = new FakeEnvironment(), Time = new FixedClock(new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero)),
        };

        var source = Assert.IsType<DeclarativeSource>(new OktaSourceType().Create(config, context));

        Assert.Equal("2025-03-03T12:00:00.000Z", source.Options.From);
    }
}
