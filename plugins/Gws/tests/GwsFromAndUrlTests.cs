using Helr.Plugins.Gws.Tests.Support;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Gws.Tests;

/// <summary><c>from</c> and <c>url</c> of both APIs: the values accepted and the errors, pinned (the SDK's readers read them).</summary>
public sealed class GwsFromAndUrlTests
{
    private const string Reports = "\"application\": \"login\"";
    private const string Logging = "\"api\": \"cloud_logging\", \"resource_names\": [\"projects/p\"]";

    private static (LagWindowSource? Source, IReadOnlyList<string> Errors) Create(string api, string keys)
    {
        var config = ConfigTree.Source($$"""{{{api}}, "auth": {"type": "bearer", "token_env": "GWS_ACCESS_TOKEN"}, {{keys}}}""");
        var source = (LagWindowSource?)new GwsSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = new TestEnvironment() });
        return (source, config.Messages());
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.1234567Z")]
    [InlineData("2024-01-01T00:00:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01", "2024-01-01T00:00:00Z")]
    public void From_accepts_RFC_3339_and_what_DateTimeOffset_reads_with_UTC_assumed(string from, string expected)
    {
        var (source, errors) = Create(Reports, $"\"from\": \"{from}\"");
        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), source!.Settings.From);
    }

    // An empty from (a quoted "${FROM:-}" left unset) is refused like any other unreadable one, not taken as unset.
    [Theory]
    [InlineData("yesterday")]
    [InlineData("")]
    [InlineData("  ")]
    public void An_unreadable_or_empty_from_is_an_error_naming_the_key(string from)
    {
        Assert.Equal(new[] { $"sources.s.from: '{from}' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)" }, Create(Reports, $"\"from\": \"{from}\"").Errors);
    }

    [Theory]
    [InlineData(Reports, "http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData(Logging, "https://proxy.example/logging/", "https://proxy.example/")]
    public void Url_replaces_the_API_base(string api, string url, string origin)
    {
        var (source, errors) = Create(api, $"\"url\": \"{url}\"");
        Assert.Empty(errors);
        Assert.Equal(origin, source!.CredentialOrigins[0].AbsoluteUri);
    }

    // Google's references write each API's base with its version path, and upstream Helr configs the whole
    // endpoint: taken as the base, the path was asked for twice and every cycle failed with HTTP 404.
    [Theory]
    [InlineData(Reports, "https://admin.googleapis.com/admin/reports/v1", "https://admin.googleapis.com/admin/reports/v1/activity/users/all/applications/login")]
    [InlineData(Reports, "https://admin.googleapis.com/admin/reports/v1/", "https://admin.googleapis.com/admin/reports/v1/activity/users/all/applications/login")]
    [InlineData(Reports, "https://proxy.example/google", "https://proxy.example/google/admin/reports/v1/activity/users/all/applications/login")]
    [InlineData(Logging, "https://logging.googleapis.com/v2", "https://logging.googleapis.com/v2/entries:list")]
    [InlineData(Logging, "https://logging.googleapis.com/v2/entries:list", "https://logging.googleapis.com/v2/entries:list")]
    public void A_url_with_the_APIs_version_path_or_whole_endpoint_asks_for_the_endpoint_once(string api, string url, string endpoint)
    {
        var (source, errors) = Create(api, $"\"url\": \"{url}\"");
        Assert.Empty(errors);
        var request = source!.Query.Request(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), null);
        Assert.Equal(endpoint, request.Url.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public void A_url_naming_a_Reports_endpoint_is_an_error_saying_to_write_application_and_user_key()
    {
        Assert.Equal(new[] { "sources.s.url: is the API base URL (e.g. https://admin.googleapis.com): /admin/reports/v1/activity/users/<user_key>/applications/<application> "
            + "is appended to it, so write application and user_key instead of the whole endpoint" },
            Create(Reports, "\"url\": \"https://admin.googleapis.com/admin/reports/v1/activity/users/all/applications/login\"").Errors);
    }

    // A query on url was dropped without a word (customerId=… there collected the caller's own customer).
    [Theory]
    [InlineData(Reports, "https://admin.googleapis.com/?customerId=C01", "https://admin.googleapis.com")]
    [InlineData(Logging, "https://logging.googleapis.com/v2/entries:list?alt=json", "https://logging.googleapis.com")]
    public void A_url_with_a_query_is_an_error_naming_the_key(string api, string url, string example)
    {
        var errors = Create(api, $"\"url\": \"{url}\"").Errors;
        Assert.Equal(new[] { $"sources.s.url: is the API base URL (e.g. {example}): it takes no query; write the API's parameters as the source's keys" }, errors);
    }

    [Theory]
    [InlineData(Reports, "ftp://files.example", "https://admin.googleapis.com")]
    [InlineData(Logging, "logging.googleapis.com", "https://logging.googleapis.com")]
    public void A_url_that_is_not_http_is_an_error_naming_the_key_and_the_API_base(string api, string url, string example)
    {
        Assert.Equal(new[] { $"sources.s.url: '{url}' is not an http(s) URL (expected the API base URL, e.g. {example})" }, Create(api, $"\"url\": \"{url}\"").Errors);
    }
}
