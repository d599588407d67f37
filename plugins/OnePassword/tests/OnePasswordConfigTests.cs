using Helr.Plugins.OnePassword.Tests.Support;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary>The plugin's own keys: checked with the key path in every message; the sample loads.</summary>
public class OnePasswordConfigTests
{
    private static string Problems(string yaml)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new OnePasswordSourceType(), yaml, environment: new TestEnvironment()));
        return ex.Message;
    }

    [Fact]
    public void Events_is_required_and_must_be_one_of_the_three_endpoints()
    {
        Assert.Contains("sources.s.events", Problems("auth: {type: bearer, token_env: OP_EVENTS_TOKEN}"));
        var wrong = Problems("events: auditlog\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}");
        Assert.Contains("sources.s.events", wrong);
        Assert.Contains("auditevents", wrong);
    }

    [Fact]
    public void Region_url_from_limit_and_auth_are_checked_with_their_paths()
    {
        Assert.Contains("sources.s.region", Problems("events: auditevents\nregion: mars\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}"));
        Assert.Contains("sources.s.url", Problems("events: auditevents\nregion: eu\nurl: https://x.example\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}"));
        Assert.Contains("sources.s.from", Problems("events: auditevents\nfrom: yesterday\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}"));
        Assert.Contains("sources.s.limit", Problems("events: auditevents\nlimit: 5000\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}"));
        Assert.Contains("sources.s.auth", Problems("events: auditevents"));
        Assert.Contains("sources.s.auth.type", Problems("events: auditevents\nauth: {type: basic, user_env: OP_EVENTS_TOKEN}"));
    }

    [Fact]
    public void A_typo_gets_a_did_you_mean_hint()
    {
        var message = Problems("events: auditevents\nregoin: eu\nauth: {type: bearer, token_env: OP_EVENTS_TOKEN}");
        Assert.Contains("sources.s.regoin", message);
        Assert.Contains("region", message);
    }

    [Fact]
    public void Region_picks_the_events_host()
    {
        var source = (OnePasswordSource)new OnePasswordSourceType().Create(
            ConfigTree.Source("""{"events":"signinattempts","region":"eu","auth":{"type":"bearer","token_env":"OP_EVENTS_TOKEN"}}"""),
            new Helr.PluginSdk.Sources.SourceBuildContext { SourceId = "s", ConfigDirectory = ".", Environment = new TestEnvironment() })!;
        Assert.Equal("https://events.1password.eu/api/v2/signinattempts", source.Options.Endpoint.ToString());
        Assert.Equal(new Uri("https://events.1password.eu/"), Assert.Single(source.CredentialOrigins));
    }

    [Fact]
    public void The_sample_config_loads()
    {
        using var harness = SourceHarness.Create(new OnePasswordSourceType(), PluginTestFiles.SampleSourceKeys(), environment: new TestEnvironment());
        Assert.Equal("s", harness.SourceId);
    }
}
