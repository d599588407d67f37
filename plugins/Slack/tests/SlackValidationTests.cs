using Helr.Plugins.Slack.Tests.Support;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Slack.Tests;

/// <summary>The slack source type's own keys: errors name the key path and the fix.</summary>
public sealed class SlackValidationTests
{
    private static (ISource? Source, IReadOnlyList<string> Errors) Create(string json)
    {
        var config = ConfigTree.Source(json);
        var source = new SlackSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = new FakeEnvironment() });
        config.ReportUnknownKeys();
        return (source, config.Messages());
    }

    [Fact]
    public void A_token_is_all_a_user_writes()
    {
        var (source, errors) = Create("""{"auth": {"type": "bearer", "token_env": "SLACK_AUDIT_TOKEN"}}""");
        Assert.Empty(errors);
        Assert.Equal("https://api.slack.com/", Assert.Single(source!.CredentialOrigins).AbsoluteUri);
        Assert.Equal("id", source.Defaults.IdField);
        Assert.Equal("id", source.Defaults.DedupeIdPath);
        Assert.Equal("date_create", source.Defaults.TimestampField);
        Assert.Null(source.Defaults.RateLimitHeaders); // Slack sends Retry-After only
    }

    [Fact]
    public void Auth_is_required()
    {
        var (source, errors) = Create("{}");
        Assert.Null(source);
        Assert.Contains(errors, e => e.StartsWith("sources.s.auth: is required for type slack", StringComparison.Ordinal));
    }

    [Fact]
    public void From_must_be_unix_seconds()
    {
        var (_, errors) = Create("""{"from": "2024-06-01", "auth": {"type": "bearer", "token_env": "SLACK_AUDIT_TOKEN"}}""");
        Assert.Equal(new[] { "sources.s.from: '2024-06-01' is not Unix seconds (Slack's oldest is an integer, e.g. 1718000000)" }, errors);
    }

    // 13 digits, as a JavaScript Date.now() or GitHub's @timestamp: sent as oldest, a range in the year 56,000
    // that held no entry, so every cycle succeeded writing nothing.
    [Fact]
    public void From_in_milliseconds_is_refused_with_the_seconds_it_means()
    {
        var (source, errors) = Create("""{"from": "1717200000000", "auth": {"type": "bearer", "token_env": "SLACK_AUDIT_TOKEN"}}""");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.from: '1717200000000' is in milliseconds, not Unix seconds (Slack's oldest): write 1717200000" }, errors);
    }

    [Fact]
    public void Oldest_and_cursor_are_helrs_to_send()
    {
        var (_, errors) = Create("""{"query_params": {"oldest": 1}, "auth": {"type": "bearer", "token_env": "SLACK_AUDIT_TOKEN"}}""");
        Assert.Equal(new[] { "sources.s.query_params.oldest: is set by Helr on every page; use from for where the first run starts" }, errors);
    }

    // Helr sends these on every page: one already in url went out twice (oldest=1717200000&oldest=<range start>),
    // and whichever Slack took, the range start or the user's value was lost.
    [Theory]
    [InlineData("oldest=1717200000", "oldest", "use from for where the first run starts")]
    [InlineData("cursor=dXNlcjpX", "cursor", "Helr follows next_cursor")]
    [InlineData("limit=200", "limit", "set query_params.limit instead")]
    public void A_url_carrying_a_parameter_helr_sends_is_refused_naming_the_key_to_use(string query, string name, string fix)
    {
        var (source, errors) = Create("{\"url\": \"https://api.slack.com/audit/v1/logs?" + query + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"SLACK_AUDIT_TOKEN\"}}");
        Assert.Null(source);
        Assert.Equal(new[] { $"sources.s.url: carries '{name}', which Helr sends itself: remove it from url ({fix})" }, errors);
    }

    [Fact]
    public void Unknown_keys_and_values_are_reported_with_their_path()
    {
        var (_, errors) = Create("""{"on_cursor_error": "retry", "pagination": {"max_page": 3}, "auth": {"type": "bearer", "token_env": "SLACK_AUDIT_TOKEN"}}""");
        Assert.Contains(errors, e => e.StartsWith("sources.s.on_cursor_error:", StringComparison.Ordinal) && e.Contains("reset"));
        Assert.Contains(errors, e => e.StartsWith("sources.s.pagination.max_page:", StringComparison.Ordinal));
    }

    [Fact]
    public void Plugin_names_itself_and_its_source_type()
    {
        var plugin = new SlackPlugin();
        Assert.Equal("slack", plugin.Info.Name);
        Assert.Equal("0.1.1", plugin.Info.Version);
        Assert.Equal("slack", Assert.Single(plugin.SourceTypes).Name);
    }
}
