using Helr.Plugins.Tailscale.Tests.Support;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>The plugin's own keys, checked with their key paths; the sample loads.</summary>
public class TailscaleConfigTests
{
    private const string Auth = "auth: {type: basic, user_env: TAILSCALE_API_KEY}";

    private static string Problems(string yaml) =>
        Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new TailscaleSourceType(), yaml, environment: new TestEnvironment())).Message;

    [Fact]
    public void Tailnet_log_and_auth_are_required()
    {
        var message = Problems("lag_secs: 5");
        Assert.Contains("sources.s.tailnet", message);
        Assert.Contains("sources.s.log", message);
        Assert.Contains("sources.s.auth", message);
    }

    [Fact]
    public void Bad_values_name_their_key()
    {
        Assert.Contains("sources.s.log", Problems($"tailnet: a\nlog: audit\n{Auth}"));
        Assert.Contains("sources.s.lag_secs", Problems($"tailnet: a\nlog: network\nlag_secs: -1\n{Auth}"));
        Assert.Contains("sources.s.max_window_secs", Problems($"tailnet: a\nlog: network\nmax_window_secs: 0\n{Auth}"));
        Assert.Contains("sources.s.from", Problems($"tailnet: a\nlog: network\nfrom: soon\n{Auth}"));
        Assert.Contains("sources.s.tailnet", Problems($"tailnet: a/b\nlog: network\n{Auth}"));
        Assert.Contains("sources.s.auth.type", Problems("tailnet: a\nlog: network\nauth: {type: api_key, header: X, key_env: TAILSCALE_API_KEY}"));
    }

    [Fact]
    public void The_sample_config_loads()
    {
        using var harness = SourceHarness.Create(new TailscaleSourceType(), PluginTestFiles.SampleSourceKeys(), environment: new TestEnvironment());
        Assert.Equal("s", harness.SourceId);
    }
}
