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

    // Each application is read in windows of its own; a list said only "expected a string", names run
    // together "'login,admin' is not one of" all 31 names, neither that a source takes one.
    [Theory]
    [InlineData("application: [login, admin]")]
    [InlineData("application: login,admin")]
    [InlineData("application: login, admin")]
    public void Several_applications_in_one_source_are_an_error_saying_to_add_a_source_for_each(string line)
    {
        var problems = Problems($"{line}\n{Auth}");

        Assert.Contains("sources.s.application: one application per source, as each is read in windows of its own: add a source for each "
            + "(application: login in one, application: admin in another, …)", problems);
        Assert.DoesNotContain("is not one of", problems);
    }

    // Activity logs Google added to activities.list: a source for them was refused as a typo.
    [Theory]
    [InlineData("access_evaluation", 600)]
    [InlineData("admin_data_action", 600)]
    [InlineData("data_migration", 600)]
    [InlineData("directory_sync", 10800)]
    [InlineData("gemini_in_workspace_apps", 10800)]
    public async Task Newer_applications_are_read_with_a_lag_that_misses_nothing(string application, int lagSecs)
    {
        var now = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var path = $"/admin/reports/v1/activity/users/all/applications/{application}";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(path, new FakeReports().Deliver(now.AddHours(-5), "q1").Answer);
        using var harness = SourceHarness.Create(new GwsSourceType(), $"application: {application}\nurl: {api.Url("/")}\n{Auth}", api, new TestEnvironment());
        harness.Time = new ManualClock(now);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "q1" }, cycle.Qualifiers());
        var request = Assert.Single(cycle.Requests);
        Assert.Equal(path, request.Path);
        Assert.Equal(now.AddSeconds(-lagSecs), GwsOverlapTests.Param(request, "endTime"));
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

    // A first window starting at now − lookback_secs would start after its end at now − lag_secs, every cycle: nothing is ever asked for.
    [Fact]
    public void A_lookback_not_longer_than_the_lag_is_an_error_naming_the_key()
    {
        var shortLookback = Problems($"application: login\nlookback_secs: 300\n{Auth}");
        Assert.Contains("sources.s.lookback_secs", shortLookback);
        Assert.Contains("600", shortLookback);
        Assert.Contains("sources.s.lag_secs", Problems($"application: login\nlag_secs: 90000\n{Auth}"));
        Assert.Contains("sources.s.lookback_secs", Problems($"api: cloud_logging\nresource_names: [projects/p]\nlookback_secs: 120\n{Auth}"));
        // With from, lookback_secs is not used.
        SourceHarness.Create(new GwsSourceType(), $"application: login\nlookback_secs: 300\nfrom: \"2024-01-01T00:00:00Z\"\n{Auth}", environment: new TestEnvironment()).Dispose();
    }

    [Fact]
    public void The_sample_config_loads()
    {
        using var harness = SourceHarness.Create(new GwsSourceType(), PluginTestFiles.SampleSourceKeys(), environment: new TestEnvironment());
        Assert.Equal("s", harness.SourceId);
    }
}
