using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>The plugin's own keys, checked with their key paths; the sample loads.</summary>
public class GwsConfigTests
{
    private const string Auth = "auth: {type: bearer, token_env: GWS_ACCESS_TOKEN}";

    private static string Problems(string yaml) =>
        Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new GwsSourceType(), yaml, environment: new TestEnvironment())).Message;

    [Fact]
    public void Application_and_auth_are_required_and_checked()
    {
        var missing = Problems("lag_secs: 5");
        Assert.Contains("sources.s.application", missing);
        Assert.Contains("sources.s.auth", missing);
        var wrong = Problems($"application: logins\n{Auth}");
        Assert.Contains("sources.s.application", wrong);
        Assert.Contains("login", wrong);
    }

    [Fact]
    public void Bad_values_name_their_key()
    {
        Assert.Contains("sources.s.max_results", Problems($"application: drive\nmax_results: 5000\n{Auth}"));
        Assert.Contains("sources.s.lag_secs", Problems($"application: drive\nlag_secs: -5\n{Auth}"));
        Assert.Contains("sources.s.from", Problems($"application: drive\nfrom: last week\n{Auth}"));
        Assert.Contains("sources.s.user_key", Problems($"application: drive\nuser_key: a/b\n{Auth}"));
        Assert.Contains("sources.s.url", Problems($"application: drive\nurl: ftp://x\n{Auth}"));
    }

    [Fact]
    public void The_sample_config_loads()
    {
        using var harness = SourceHarness.Create(new GwsSourceType(), PluginTestFiles.SampleSourceKeys(), environment: new TestEnvironment());
        Assert.Equal("s", harness.SourceId);
    }
}
