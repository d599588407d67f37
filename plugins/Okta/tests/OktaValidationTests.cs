using Helr.Plugins.Okta.Tests.Support;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Declarative;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Okta.Tests;

/// <summary>The okta source type's own keys: errors name the key path and the fix.</summary>
public sealed class OktaValidationTests
{
    private static (ISource? Source, IReadOnlyList<string> Errors) Create(string json, FakeEnvironment? environment = null)
    {
        var config = ConfigTree.Source(json);
        var source = new OktaSourceType().Create(config, new SourceBuildContext { SourceId = "s", Environment = environment ?? new FakeEnvironment() });
        config.ReportUnknownKeys();
        return (source, config.Messages());
    }

    [Fact]
    public void Domain_and_token_are_all_a_user_writes()
    {
        var (source, errors) = Create("""{"domain": "acme.okta.com", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(errors);
        var declarative = Assert.IsType<DeclarativeSource>(source);
        Assert.Equal("https://acme.okta.com/api/v1/logs", declarative.Options.Url!.AbsoluteUri);
        Assert.Equal(PaginationStrategy.LinkHeader, declarative.Options.Pagination!.Strategy);
        Assert.True(declarative.Options.Pagination.StopOnEmptyPage);
        Assert.Equal("uuid", source!.Defaults.IdField);
        Assert.Equal("uuid", source.Defaults.DedupeIdPath);
        Assert.Equal("published", source.Defaults.TimestampField);
        Assert.Equal("X-Rate-Limit-Remaining", source.Defaults.RateLimitHeaders!.Remaining);
        Assert.True(source.Defaults.AdaptiveRateLimit);
    }

    [Fact]
    public async Task A_bearer_token_goes_out_as_SSWS_unless_the_user_sets_a_prefix()
    {
        var (ssws, _) = Create("""{"domain": "acme.okta.com", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        var (bearer, errors) = Create("""{"domain": "acme.okta.com", "auth": {"type": "bearer", "prefix": "Bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(errors);
        Assert.Equal("SSWS", await SchemeOf(ssws!.Authenticator!));
        Assert.Equal("Bearer", await SchemeOf(bearer!.Authenticator!));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("BEARER")]
    public async Task A_bearer_type_written_in_capitals_still_sends_the_api_token_as_SSWS(string type)
    {
        var (source, errors) = Create("{\"domain\": \"acme.okta.com\", \"auth\": {\"type\": \"" + type + "\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Empty(errors);
        Assert.Equal("SSWS", await SchemeOf(source!.Authenticator!));
    }

    private static async Task<string?> SchemeOf(IAuthenticator auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://acme.okta.com/api/v1/logs");
        await auth.ApplyAsync(request, null!, CancellationToken.None);
        Assert.Equal(FakeEnvironment.Token, request.Headers.Authorization!.Parameter);
        return request.Headers.Authorization.Scheme;
    }

    [Fact]
    public void Domain_is_required_unless_url_is_set()
    {
        var (source, errors) = Create("""{"auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.domain: is required for type okta: your org's domain, e.g. acme.okta.com" }, errors);

        var (withUrl, none) = Create("""{"url": "https://okta.internal.example/api/v1/logs", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(none);
        Assert.Equal("https://okta.internal.example/api/v1/logs", ((DeclarativeSource)withUrl!).Options.Url!.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://acme.okta.com", "should be a host name only")]
    [InlineData("acme okta", "is not a host name")]
    [InlineData("acme-admin.okta.com", "use the org domain (acme.okta.com)")]
    public void A_wrong_domain_says_what_to_write(string domain, string expected)
    {
        var (source, errors) = Create("{\"domain\": \"" + domain + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Null(source);
        var error = Assert.Single(errors);
        Assert.StartsWith("sources.s.domain: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void The_admin_consoles_domain_in_url_or_token_url_is_an_error_naming_the_key()
    {
        var (source, errors) = Create("""{"url": "https://acme-admin.okta.com/api/v1/logs", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.url: 'acme-admin.okta.com' is the admin console's domain, which serves no API; use the org domain (acme.okta.com)" }, errors);

        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = "0oa1service2app3";
        env.Variables["OKTA_CLIENT_SECRET"] = "client-secret-value";
        (source, errors) = Create("""
            {"domain": "acme.okta.com", "auth": {"type": "oauth2", "token_url": "https://acme-admin.okta.com/oauth2/v1/token",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}}
            """, env);
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.auth.token_url: 'acme-admin.okta.com' is the admin console's domain, which serves no API; use the org domain (acme.okta.com)" }, errors);

        (source, errors) = Create("""
            {"domain": "acme.okta.com", "auth": {"type": "oauth2", "token_url": "https://acme.okta.com/oauth2/v1/token",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}}
            """, env);
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    [Theory]
    [InlineData("url", "http://acme.okta.com/api/v1/logs")]
    [InlineData("auth.token_url", "http://acme.okta.com/oauth2/v1/token")]
    public void Plain_http_to_an_okta_org_is_an_error_naming_the_key(string key, string url)
    {
        // Passed helr validate, then sent the token in clear text every cycle, and Okta's redirect to https
        // (another origin, so Helr followed it without credentials) answered 401.
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = "0oa1service2app3";
        env.Variables["OKTA_CLIENT_SECRET"] = "client-secret-value";
        var auth = key == "url" ? """{"type": "bearer", "token_env": "OKTA_API_TOKEN"}"""
            : $$$"""{"type": "oauth2", "token_url": "{{{url}}}", "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}""";
        var (source, errors) = Create($$$"""{"{{{(key == "url" ? "url" : "domain")}}}": "{{{(key == "url" ? url : "acme.okta.com")}}}", "auth": {{{auth}}}}""", env);
        Assert.Null(source);
        Assert.Contains($"sources.s.{key}: 'http://acme.okta.com' is plain http: Okta answers only https, redirecting there without the credentials Helr sent in clear text "
            + "(a 401 every cycle); use https://acme.okta.com", errors);
    }

    [Fact]
    public void Plain_http_to_another_machine_is_warned_of_and_to_a_loopback_test_server_is_not()
    {
        var (source, messages) = Create("""{"url": "http://okta-proxy.internal.example/api/v1/logs", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.NotNull(source);
        Assert.Equal("sources.s.url: plain http to another machine: the API token would cross the network unencrypted; use https", Assert.Single(messages));

        (source, messages) = Create("""{"url": "http://127.0.0.1:8080/api/v1/logs", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.NotNull(source);
        Assert.Empty(messages);
    }

    [Theory]
    [InlineData("https://acme.okta.com", "'/' is not the System Log on an Okta org; use https://acme.okta.com/api/v1/logs (or domain: acme.okta.com without url)")]
    [InlineData("https://acme.oktapreview.com/", "'/' is not the System Log on an Okta org; use https://acme.oktapreview.com/api/v1/logs")]
    [InlineData("https://acme.okta-emea.com/api/v1/events", "'/api/v1/events' is not the System Log on an Okta org; use https://acme.okta-emea.com/api/v1/logs")]
    public void A_url_on_an_okta_org_that_is_not_the_system_log_is_an_error_naming_the_key(string url, string expected)
    {
        // Passed helr validate, then every cycle got a sign-in page or a 404.
        var (source, errors) = Create("{\"url\": \"" + url + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Null(source);
        Assert.StartsWith("sources.s.url: " + expected, Assert.Single(errors));
    }

    [Theory]
    [InlineData("https://acme.okta.com/api/v1/logs/?filter=x")]
    [InlineData("https://acme.okta.com//api/v1/logs")] // a ${OKTA_DOMAIN} ending in /: a server may fold it
    [InlineData("https://okta-proxy.internal.example/okta/logs")]
    public void The_system_log_or_a_proxys_own_path_is_no_error(string url)
    {
        var (source, errors) = Create("{\"url\": \"" + url + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    [Theory]
    [InlineData("domain", "acme.okta.com", "https://acme.oktapreview.com/oauth2/v1/token", "'acme.oktapreview.com' is another Okta org than the System Log's (acme.okta.com)")]
    [InlineData("url", "https://acme.okta.com/api/v1/logs", "https://acme-test.okta.com/oauth2/v1/token", "'acme-test.okta.com' is another Okta org than the System Log's (acme.okta.com)")]
    public void A_token_url_of_another_okta_org_is_an_error_naming_the_key(string key, string value, string tokenUrl, string expected)
    {
        // Passed helr validate, then the System Log refused every token the other org issued (401).
        var (source, errors) = Create($$$"""
            {"{{{key}}}": "{{{value}}}", "auth": {"type": "oauth2", "token_url": "{{{tokenUrl}}}",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}}
            """, OAuth2Environment());
        Assert.Null(source);
        Assert.Equal($"sources.s.auth.token_url: {expected}, whose API refuses its tokens (401); use https://acme.okta.com/oauth2/v1/token", Assert.Single(errors));
    }

    [Theory]
    [InlineData("acme.okta.com", "https://ACME.okta.com/oauth2/v1/token")]
    [InlineData("login.acme.example", "https://acme.okta.com/oauth2/v1/token")] // a custom domain may front the org
    public void A_token_url_of_the_same_org_or_beside_a_custom_domain_is_no_error(string domain, string tokenUrl)
    {
        var (source, errors) = Create($$$"""
            {"domain": "{{{domain}}}", "auth": {"type": "oauth2", "token_url": "{{{tokenUrl}}}",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}}
            """, OAuth2Environment());
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    private static FakeEnvironment OAuth2Environment()
    {
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = "0oa1service2app3";
        env.Variables["OKTA_CLIENT_SECRET"] = "client-secret-value";
        return env;
    }

    [Theory]
    [InlineData("https://acme.okta.com/oauth2/default/v1/token", "/oauth2/default/v1/token")]
    [InlineData("https://acme.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/token", "/oauth2/aus1a2b3c4d5e6f7g8h9/v1/token")]
    public void A_custom_authorization_servers_token_url_is_an_error_naming_the_key_and_the_org_servers(string tokenUrl, string path)
    {
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = "0oa1service2app3";
        env.Variables["OKTA_CLIENT_SECRET"] = "client-secret-value";
        var (source, errors) = Create($$$"""
            {"domain": "acme.okta.com", "auth": {"type": "oauth2", "token_url": "{{{tokenUrl}}}",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.logs.read"]}}
            """, env);
        Assert.Null(source);
        Assert.Equal(new[]
        {
            $"sources.s.auth.token_url: '{path}' is a custom authorization server's token endpoint, whose tokens Okta's own API (the System Log) refuses; "
            + "use the org authorization server's: https://acme.okta.com/oauth2/v1/token",
        }, errors);
    }

    [Theory]
    [InlineData("", "sources.s.auth.scopes: is required for Okta's client credentials grant, which refuses a token request without a scope: write scopes: [okta.logs.read]")]
    [InlineData(", \"scopes\": [\"okta.users.read\"]", "sources.s.auth.scopes: does not include okta.logs.read, the scope that lets a token read the System Log: Okta would refuse every request (403)")]
    public void OAuth2_scopes_without_okta_logs_read_are_an_error_naming_the_key(string scopes, string expected)
    {
        var env = new FakeEnvironment();
        env.Variables["OKTA_CLIENT_ID"] = "0oa1service2app3";
        env.Variables["OKTA_CLIENT_SECRET"] = "client-secret-value";
        var (source, errors) = Create("""
            {"domain": "acme.okta.com", "auth": {"type": "oauth2", "token_url": "https://acme.okta.com/oauth2/v1/token",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET"
            """ + scopes + "}}", env);
        Assert.Null(source);
        Assert.Equal(new[] { expected }, errors);

        // Among others, or several in one item (sent space-separated as written): fine.
        (source, errors) = Create("""
            {"domain": "acme.okta.com", "auth": {"type": "oauth2", "token_url": "https://acme.okta.com/oauth2/v1/token",
             "client_id_env": "OKTA_CLIENT_ID", "client_secret_env": "OKTA_CLIENT_SECRET", "scopes": ["okta.users.read okta.logs.read"]}}
            """, env);
        Assert.Empty(errors);
        Assert.NotNull(source);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1717200000")]
    [InlineData("06/01/2024")]
    [InlineData("2024-13-01T00:00:00Z")]
    public void A_from_okta_cannot_read_as_since_is_an_error_naming_the_key(string from)
    {
        var (source, errors) = Create("{\"domain\": \"acme.okta.com\", \"from\": \"" + from + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Null(source);
        Assert.Equal(new[] { $"sources.s.from: '{from}' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z" }, errors);
    }

    [Fact]
    public void A_since_in_query_params_is_checked_as_from_when_it_starts_the_first_run()
    {
        var (source, errors) = Create("""{"domain": "acme.okta.com", "query_params": {"since": "yesterday"}, "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Null(source);
        Assert.Contains("sources.s.query_params.since: 'yesterday' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z", errors);
    }

    [Fact]
    public void A_since_in_the_url_is_checked_as_from_when_it_starts_the_first_run()
    {
        var (source, errors) = Create("""{"url": "https://acme.okta.com/api/v1/logs?limit=500&since=yesterday", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.url: its since 'yesterday' is not a time Okta's since takes: RFC 3339, e.g. 2024-06-01T00:00:00.000Z" }, errors);

        (source, errors) = Create("""{"url": "https://acme.okta.com/api/v1/logs?since=2024-06-01T02%3A00%3A00%2B02%3A00", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(errors);
        Assert.NotNull(source);

        // With a from, the url's since is never sent (from replaces it).
        (_, errors) = Create("""{"url": "https://acme.okta.com/api/v1/logs?since=yesterday", "from": "2024-06-01", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(errors);
    }

    [Fact]
    public void A_descending_sort_order_is_warned_of_as_it_misses_events_okta_stores_late()
    {
        var (source, messages) = Create("""{"domain": "acme.okta.com", "query_params": {"sortOrder": "DESCENDING"}, "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.NotNull(source);
        var warning = Assert.Single(messages);
        Assert.StartsWith("sources.s.query_params.sortOrder: DESCENDING is no polling query for Okta", warning);
        Assert.Contains("leave sortOrder out", warning);

        var (_, ascending) = Create("""{"domain": "acme.okta.com", "query_params": {"sortOrder": "ASCENDING"}, "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(ascending);
    }

    [Fact]
    public void An_until_is_warned_of_as_it_turns_polling_into_a_bounded_query()
    {
        var (source, messages) = Create("""{"domain": "acme.okta.com", "query_params": {"until": "2030-01-01T00:00:00.000Z"}, "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.NotNull(source);
        var warning = Assert.Single(messages);
        Assert.StartsWith("sources.s.query_params.until: makes every request a bounded query", warning);
        Assert.Contains("leave until out", warning);

        (source, messages) = Create("""{"url": "https://acme.okta.com/api/v1/logs?until=2030-01-01T00:00:00Z", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.NotNull(source);
        Assert.StartsWith("sources.s.url: its until makes every request a bounded query", Assert.Single(messages));

        // Okta's polling query is one with an empty or absent until.
        var (_, empty) = Create("""{"domain": "acme.okta.com", "query_params": {"until": ""}, "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Empty(empty);
    }

    [Fact]
    public void An_empty_from_is_an_error_not_an_empty_since()
    {
        var (source, errors) = Create("""{"domain": "acme.okta.com", "from": "", "auth": {"type": "bearer", "token_env": "OKTA_API_TOKEN"}}""");
        Assert.Null(source);
        Assert.Equal(new[] { "sources.s.from: must not be empty: leave it out to start 7 days back" }, errors);
    }

    [Theory]
    [InlineData("2024-06-01T00:00:00.000Z")]
    [InlineData("2024-06-01T00:00:00Z")]
    [InlineData("2024-06-01T02:00:00+02:00")]
    [InlineData("2024-06-01")]
    [InlineData("2024-06-01T00:00:00.123456789Z")]
    public void A_from_in_iso_8601_is_sent_as_since_as_written(string from)
    {
        var (source, errors) = Create("{\"domain\": \"acme.okta.com\", \"from\": \"" + from + "\", \"auth\": {\"type\": \"bearer\", \"token_env\": \"OKTA_API_TOKEN\"}}");
        Assert.Empty(errors);
        Assert.Equal(from, ((DeclarativeSource)source!).Options.From);
    }

    [Fact]
    public void Auth_is_required_and_a_missing_token_names_its_variable()
    {
        var (_, noAuth) = Create("""{"domain": "acme.okta.com"}""");
        Assert.Contains(noAuth, e => e.StartsWith("sources.s.auth: is required for type okta", StringComparison.Ordinal));

        var (_, noVariable) = Create("""{"domain": "acme.okta.com", "auth": {"type": "bearer", "token_env": "UNSET_OKTA_TOKEN"}}""");
        Assert.Equal(new[] { "sources.s.auth.token_env: environment variable UNSET_OKTA_TOKEN is not set" }, noVariable);
    }

    [Fact]
    public void Plugin_names_itself_and_its_source_type()
    {
        var plugin = new OktaPlugin();
        Assert.Equal("okta", plugin.Info.Name);
        Assert.Equal("0.1.2", plugin.Info.Version);
        Assert.Equal("okta", Assert.Single(plugin.SourceTypes).Name);
    }
}
