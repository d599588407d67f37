using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Http;

/// <summary>
/// Redirects and next links: followed as before on the source's own origin, with its credentials;
/// another origin (another port here) never receives them.
/// </summary>
public sealed class RedirectTests
{
    private static readonly Dictionary<string, string?> Env = new()
    {
        ["E2E_REDIRECT_KEY"] = "key-789", ["E2E_REDIRECT_TOKEN"] = "tok-789", ["E2E_REDIRECT_BODY_KEY"] = "body-key-5c1e9a",
    };

    private const string ApiKey = """
            auth:
              type: api_key
              header: X-Api-Key
              key_env: E2E_REDIRECT_KEY
        """;

    private const string Bearer = """
            auth:
              type: bearer
              token_env: E2E_REDIRECT_TOKEN
        """;

    private const string CustomHeader = """
            headers:
              X-Custom-Key: hdr-789
        """;

    private static async Task<HelrResult> RunAsync(TempDir dir, string source)
    {
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
            {source}
            """);
        return await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);
    }

    private static async Task<(RecordedRequest Origin, RecordedRequest Other)> CrossOriginRedirectAsync(string auth)
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var other = await FakeVendorServer.StartAsync();
        Assert.NotEqual(api.BaseUrl.Port, other.BaseUrl.Port);
        api.OnGet("/logs", _ => FakeResponse.Json("", 302).WithHeader("Location", other.Url("/export?part=1"))
            .WithHeader("Set-Cookie", "sess=s3ss10n; Path=/"));
        // The other host serves the events without asking for credentials (a pre-signed download, say).
        other.OnGet("/export", _ => FakeResponse.Json("""[{"id":"e1"},{"id":"e2"}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(dir, $"""
                url: {api.Url("/logs")}
            {auth}
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "e1", "e2" }, result.Lines.EventField("id"));
        // The endpoint is the URL that answered, as before.
        Assert.Equal("/export", result.Lines[0].GetProperty("endpoint").GetString());
        return (Assert.Single(api.Requests), Assert.Single(other.Requests));
    }

    [Fact]
    public async Task An_api_key_header_does_not_follow_a_302_to_another_origin()
    {
        var (origin, other) = await CrossOriginRedirectAsync(ApiKey);
        Assert.Equal("key-789", origin.Header("X-Api-Key"));
        Assert.Null(other.Header("X-Api-Key"));
        Assert.Equal("?part=1", other.QueryString);
    }

    [Fact]
    public async Task A_configured_header_and_a_cookie_do_not_follow_a_302_to_another_origin()
    {
        var (origin, other) = await CrossOriginRedirectAsync(CustomHeader);
        Assert.Equal("hdr-789", origin.Header("X-Custom-Key"));
        Assert.Null(other.Header("X-Custom-Key"));
        // No cookie jar: the session cookie set on the redirect goes nowhere.
        Assert.Null(other.Header("Cookie"));
    }

    [Fact]
    public async Task A_bearer_token_does_not_follow_a_302_to_another_origin()
    {
        var (origin, other) = await CrossOriginRedirectAsync(Bearer);
        Assert.Equal("Bearer tok-789", origin.Header("Authorization"));
        Assert.Null(other.Header("Authorization"));
    }

    [Fact]
    public async Task A_302_on_the_same_origin_keeps_the_credentials_and_relative_links_resolve_against_the_final_url()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("", 302).WithHeader("Location", "/v2/logs"));
        api.OnGet("/v2/logs", r => r.Param("page") is null
            ? FakeResponse.Json("""[{"id":"a1"}]""").WithHeader("Link", "<logs?page=2>; rel=\"next\"")
            : FakeResponse.Json("""[{"id":"a2"}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(dir, $"""
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            {ApiKey}
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "a1", "a2" }, result.Lines.EventField("id"));
        Assert.Equal(new[] { "/logs", "/v2/logs", "/v2/logs" }, api.Requests.Select(r => r.Path));
        Assert.All(api.Requests, r => Assert.Equal("key-789", r.Header("X-Api-Key")));
    }

    [Fact]
    public async Task A_307_keeps_the_POST_method_and_its_body()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/search", _ => FakeResponse.Json("", 307).WithHeader("Location", api.Url("/v2/search")));
        api.OnPost("/v2/search", r => r.Body.Contains("\"limit\":5") ? FakeResponse.Json("""[{"id":"p1"}]""") : FakeResponse.Json("[]", 400));
        using var dir = new TempDir();
        var result = await RunAsync(dir, $"""
                url: {api.Url("/search")}
                method: POST
                body:
                  limit: 5
            {ApiKey}
            """);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "p1" }, result.Lines.EventField("id"));
        Assert.Equal(new[] { ("POST", "/search"), ("POST", "/v2/search") }, api.Requests.Select(r => (r.Method, r.Path)));
        Assert.Equal(api.Requests[0].Body, api.Requests[1].Body);
        Assert.Equal("application/json", api.Requests[1].Header("Content-Type"));
        Assert.Equal("key-789", api.Requests[1].Header("X-Api-Key"));
    }

    // Upstream re-sends the body wherever a 307/308 points: a body holding the source's key stays on its origin.
    [Fact]
    public async Task A_307_to_another_origin_does_not_re_post_a_body_holding_a_key_but_one_on_the_origin_does()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var other = await FakeVendorServer.StartAsync();
        api.OnPost("/search", _ => FakeResponse.Json("", 307).WithHeader("Location", other.Url("/search")));
        api.OnPost("/moved", _ => FakeResponse.Json("", 308).WithHeader("Location", api.Url("/v2/search")));
        api.OnPost("/v2/search", r => r.Body.Contains("body-key-5c1e9a") ? FakeResponse.Json("""[{"id":"p1"}]""") : FakeResponse.Json("[]", 401));
        other.OnPost("/search", _ => FakeResponse.Json("""[{"id":"stolen"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            {{dir.SqliteStateGlobal}}
            sources:
              elsewhere:
                url: {{api.Url("/search")}}
                method: POST
                body:
                  api_key: ${E2E_REDIRECT_BODY_KEY}
              moved:
                url: {{api.Url("/moved")}}
                method: POST
                body:
                  api_key: ${E2E_REDIRECT_BODY_KEY}
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.Empty(other.Requests);
        Assert.Contains("poll failed: elsewhere: HTTP 307", result.Stderr);
        Assert.Equal(new[] { "p1" }, result.Lines.EventField("id"));
        Assert.DoesNotContain("body-key-5c1e9a", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task A_next_link_to_another_origin_fails_the_poll_and_is_neither_followed_nor_stored()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var other = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") switch
        {
            null => FakeResponse.Json("""[{"id":"a1"}]""").WithNext(api.Url("/logs?page=2")),
            _ => FakeResponse.Json("""[{"id":"a2"}]""").WithNext(other.Url("/logs?page=3")),
        });
        other.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"forged"}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(dir, $"""
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            {Bearer}
            """);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(other.Requests);
        Assert.Contains($"127.0.0.1:{other.BaseUrl.Port}", result.Stderr);
        Assert.Contains($"127.0.0.1:{api.BaseUrl.Port}", result.Stderr);
        // Page 1 is collected and checkpointed; the page with the foreign link is not, so the next
        // poll asks the source's own origin for it again.
        Assert.Equal(new[] { "a1" }, result.Lines.EventField("id"));
        Assert.Equal(api.Url("/logs?page=2"), await StateCli.GetAsync(Path.Combine(dir.Path, "helr.yaml"), "s1", "next_url"));
    }

    [Fact]
    public async Task A_stored_next_url_on_another_origin_fails_the_poll_before_any_request()
    {
        await using var api = await FakeVendorServer.StartAsync();
        await using var other = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a1"}]"""));
        other.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"forged"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
            {Bearer}
            """);
        var set = await HelrProcess.RunAsync($"state set s1 next_url {other.Url("/logs?page=9")} -c {config}", dir.Path);
        Assert.True(set.ExitCode == 0, set.ToString());

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(other.Requests);
        Assert.Empty(api.Requests);
        Assert.Empty(result.Lines);
        Assert.Contains($"127.0.0.1:{other.BaseUrl.Port}", result.Stderr);
        // The way out is in the message; following it, the source collects from its url again.
        Assert.Contains("helr state set s1 next_url \"\"", result.Stderr);
        Assert.True((await HelrProcess.RunAsync($"state set s1 next_url \"\" -c {config}", dir.Path)).ExitCode == 0);
        var resumed = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(new[] { "a1" }, resumed.Lines.EventField("id"));
    }
}
