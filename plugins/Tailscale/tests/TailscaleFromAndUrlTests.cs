using Helr.Plugins.Tailscale.Tests.Support;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary><c>from</c> and <c>url</c>: the values accepted and the errors, pinned (the SDK's readers read them).</summary>
public sealed class TailscaleFromAndUrlTests
{
    private static (TailscaleOptions? Options, IReadOnlyList<string> Errors) Create(string keys)
    {
        var config = ConfigTree.Source($$"""{"tailnet": "example.com", "log": "network", "auth": {"type": "bearer", "token_env": "TAILSCALE_API_KEY"}, {{keys}}}""");
        var source = (TailscaleSource?)new TailscaleSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = new TestEnvironment() });
        return (source?.Options, config.Messages());
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.1234567Z")]
    [InlineData("2024-01-01T00:00:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01", "2024-01-01T00:00:00Z")]
    public void From_accepts_RFC_3339_and_what_DateTimeOffset_reads_with_UTC_assumed(string from, string expected)
    {
        var (options, errors) = Create($"\"from\": \"{from}\"");
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
        Assert.Equal(new[] { $"sources.s.from: '{from}' is not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z)" }, Create($"\"from\": \"{from}\"").Errors);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v2/tailnet/example.com/logging/network")]
    [InlineData("https://proxy.example/tailscale/", "https://proxy.example/tailscale/api/v2/tailnet/example.com/logging/network")]
    // Tailscale's API reference gives its base URL with /api/v2: it is not appended a second time.
    [InlineData("https://api.tailscale.com/api/v2", "https://api.tailscale.com/api/v2/tailnet/example.com/logging/network")]
    [InlineData("https://proxy.example/tailscale/api/v2/", "https://proxy.example/tailscale/api/v2/tailnet/example.com/logging/network")]
    public void Url_replaces_the_API_base(string url, string endpoint)
    {
        var (options, errors) = Create($"\"url\": \"{url}\"");
        Assert.Empty(errors);
        Assert.Equal(endpoint, options!.Endpoint.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://files.example")]
    [InlineData("api.tailscale.com")]
    public void A_url_that_is_not_http_is_an_error_naming_the_key(string url)
    {
        Assert.Equal(new[] { $"sources.s.url: '{url}' is not an http(s) URL (expected the API base URL, e.g. https://api.tailscale.com)" }, Create($"\"url\": \"{url}\"").Errors);
    }

    // Upstream's configs write the whole endpoint with the window in its query: taken as the base, the
    // request went to …/logging/network/api/v2/tailnet/… (404 every cycle) while helr validate passed,
    // and a query on the base was dropped without a word.
    [Theory]
    [InlineData("https://api.tailscale.com/api/v2/tailnet/example.com/logging/network?start=2024-01-01T00:00:00Z&end=2024-01-02T00:00:00Z")]
    [InlineData("https://api.tailscale.com/api/v2/tailnet/-/logging/configuration")]
    [InlineData("https://api.tailscale.com?start=2024-01-01T00:00:00Z")]
    public void A_url_that_is_the_whole_endpoint_or_has_a_query_is_an_error_naming_the_key(string url)
    {
        var (options, errors) = Create($"\"url\": \"{url}\"");
        Assert.Null(options);
        var error = Assert.Single(errors);
        Assert.StartsWith("sources.s.url: ", error, StringComparison.Ordinal);
        Assert.Contains("API base URL", error, StringComparison.Ordinal);
    }
}
