using Helr.Plugins.OnePassword.Tests.Support;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.OnePassword.Tests;

/// <summary><c>from</c>, <c>region</c> and <c>url</c>: the values accepted and the errors, pinned (the SDK's readers read them).</summary>
public sealed class OnePasswordFromAndUrlTests
{
    private static (OnePasswordOptions? Options, IReadOnlyList<string> Errors) Create(string keys)
    {
        var config = ConfigTree.Source($$"""{"events": "auditevents", "auth": {"type": "bearer", "token_env": "OP_EVENTS_TOKEN"}{{keys}}}""");
        var source = (OnePasswordSource?)new OnePasswordSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = new TestEnvironment() });
        return (source?.Options, config.Messages());
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.1234567Z", "2024-01-01T00:00:00.1234567Z")]
    [InlineData("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.1234567Z")]
    [InlineData("2024-01-01T00:00:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01 10:00:00", "2024-01-01T10:00:00Z")]
    [InlineData("01/02/2024", "2024-01-02T00:00:00Z")]
    public void From_accepts_what_DateTimeOffset_reads_with_UTC_assumed(string from, string expected)
    {
        var (options, errors) = Create($", \"from\": \"{from}\"");
        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), options!.From);
    }

    // An empty from (a quoted "${FROM:-}" left unset) is refused like any other unreadable one, not taken as unset.
    [Theory]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("  ")]
    public void An_unreadable_or_empty_from_is_an_error_naming_the_key(string from)
    {
        Assert.Equal(new[] { $"sources.s.from: '{from}' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)" }, Create($", \"from\": \"{from}\"").Errors);
    }

    [Theory]
    [InlineData("", "https://events.1password.com/api/v2/auditevents")]
    [InlineData(", \"region\": \"eu\"", "https://events.1password.eu/api/v2/auditevents")]
    [InlineData(", \"url\": \"http://127.0.0.1:8080\"", "http://127.0.0.1:8080/api/v2/auditevents")]
    [InlineData(", \"url\": \"https://proxy.example/op/\"", "https://proxy.example/op/api/v2/auditevents")]
    // The endpoint's own URL (as upstream Helr configs and 1Password's examples write it) is not appended to again.
    [InlineData(", \"url\": \"https://events.1password.com/api/v2/auditevents\"", "https://events.1password.com/api/v2/auditevents")]
    [InlineData(", \"url\": \"https://events.1password.com/api/v2/\"", "https://events.1password.com/api/v2/auditevents")]
    public void Region_or_url_picks_the_endpoint(string keys, string endpoint)
    {
        var (options, errors) = Create(keys);
        Assert.Empty(errors);
        Assert.Equal(endpoint, options!.Endpoint.AbsoluteUri);
    }

    // 1Password keeps the V1 endpoints (same cursor paging) for integrations made before V2: their url was
    // taken for a base, so Helr asked for …/api/v1/auditevents/api/v2/auditevents (404 every cycle, validate passed).
    [Theory]
    [InlineData("https://events.1password.com/api/v1/auditevents", "https://events.1password.com/api/v1/auditevents")]
    [InlineData("https://events.ent.1password.com/api/v1/", "https://events.ent.1password.com/api/v1/auditevents")]
    [InlineData("https://proxy.example/op/API/V1/AuditEvents", "https://proxy.example/op/api/v1/auditevents")]
    public void A_v1_url_asks_for_the_v1_endpoint_it_names(string url, string endpoint)
    {
        var (options, errors) = Create($", \"url\": \"{url}\"");
        Assert.Empty(errors);
        Assert.Equal(endpoint, options!.Endpoint.AbsoluteUri);
    }

    // The v3 beta is a GET with next_page_token, not this POST cursor API.
    [Fact]
    public void A_url_of_another_api_version_is_an_error_naming_the_key()
    {
        Assert.Equal(new[] { "sources.s.url: 'https://events.1password.com/api/v3/auditevents' is the Events API v3, which this source does not read "
            + "(it POSTs cursors to the v1 or v2 endpoints): give the Events API base URL, e.g. https://events.1password.com" },
            Create(", \"url\": \"https://events.1password.com/api/v3/auditevents\"").Errors);
    }

    [Fact]
    public void A_url_that_is_not_http_and_a_url_beside_region_are_errors_naming_the_key()
    {
        Assert.Equal(new[] { "sources.s.url: 'ftp://files.example' is not an http(s) URL (expected the Events API base URL, e.g. https://events.1password.com)" },
            Create(", \"url\": \"ftp://files.example\"").Errors);
        Assert.Equal(new[] { "sources.s.url: set either 'region' or 'url' (the Events API base URL), not both" },
            Create(", \"region\": \"eu\", \"url\": \"https://events.1password.eu\"").Errors);
    }

    [Fact]
    public void A_url_naming_another_endpoint_than_events_is_an_error_naming_the_key()
    {
        Assert.Equal(new[] { "sources.s.url: 'https://events.1password.com/api/v2/signinattempts' is the signinattempts endpoint, but events is auditevents: give the Events API base URL, e.g. https://events.1password.com" },
            Create(", \"url\": \"https://events.1password.com/api/v2/signinattempts\"").Errors);
    }

    // The Events API reads everything from the POST body: a query on url was dropped without a word, so
    // one written there (a limit, a start_time copied from a curl example) never applied.
    [Fact]
    public void A_url_with_a_query_is_an_error_naming_the_key()
    {
        Assert.Equal(new[] { "sources.s.url: the Events API takes no query (it reads limit and start_time from the POST body, which Helr writes): "
            + "give the Events API base URL, e.g. https://events.1password.com, and from or limit as keys of the source" },
            Create(", \"url\": \"https://events.1password.com/api/v2/auditevents?limit=100\"").Errors);
    }
}
