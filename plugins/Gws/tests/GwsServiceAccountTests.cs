using System.Security.Cryptography;
using System.Text.Json;
using Helr.Plugins.Gws.Tests.Support;

namespace Helr.Plugins.Gws.Tests;

/// <summary>
/// A service account with domain-wide delegation: Helr signs a JWT-bearer assertion (RS256, the key's
/// <c>client_email</c> as <c>iss</c>, the impersonated admin as <c>sub</c>, the Reports scope) and
/// exchanges it at the key's <c>token_uri</c>, which is how a test (or a private Google endpoint)
/// points the exchange elsewhere. The fake endpoint verifies the assertion with the key's public half.
/// </summary>
public sealed class GwsServiceAccountTests
{
    private const string Email = "helr-reader@example-project.iam.gserviceaccount.com";
    private const string Scope = "https://www.googleapis.com/auth/admin.reports.audit.readonly";
    private const string Admin = "admin@example.com";

    private static string KeyJson(RSA key, string tokenUri) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "example-project",
        ["private_key_id"] = "k1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = Email,
        ["token_uri"] = tokenUri,
    });

    private static string Config(FakeVendorServer api) => $"""
        application: login
        url: {api.Url("/")}
        from: "{DateTimeOffset.UtcNow.AddHours(-5):yyyy-MM-dd'T'HH:mm:ss'Z'}"
        lag_secs: 3600
        auth:
          type: google_service_account
          credentials_env: GWS_SA_KEY
          subject_env: GWS_ADMIN
          scopes: [{Scope}]
        """;

    [Fact]
    public async Task The_delegated_assertion_is_verified_by_the_token_endpoint_and_its_token_reads_the_reports()
    {
        using var key = RSA.Create(2048);
        await using var api = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(api, "/google/token") { AssertionKey = key, ServiceAccountEmail = Email, Subject = Admin, Scope = Scope };
        var reports = new FakeReports().Deliver(DateTimeOffset.UtcNow.AddHours(-2), "q1").Deliver(DateTimeOffset.UtcNow.AddHours(-3), "q2");
        api.OnGet(GwsOverlapTests.LoginPath, r => tokens.CheckResourceRequest(r, api) is { } problem
            ? FakeResponse.Json($$$"""{"error":{"code":401,"message":"{{{problem}}}","status":"UNAUTHENTICATED"}}""", 401)
            : reports.Answer(r));
        var env = new TestEnvironment();
        env.Variables["GWS_SA_KEY"] = KeyJson(key, tokens.TokenUrl);
        env.Variables["GWS_ADMIN"] = Admin;
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, env);

        var first = await harness.RunCycleAsync();
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Empty(tokens.Problems);
        Assert.Equal(new[] { "q1", "q2" }, first.Qualifiers());
        var assertion = Assert.Single(tokens.Assertions);
        Assert.Equal(("RS256", Email, Admin, Scope), (assertion.Alg, assertion.Claim("iss"), assertion.Claim("sub"), assertion.Claim("scope")));
        Assert.Equal(tokens.TokenUrl, assertion.Claim("aud"));
        // The token is cached: the second cycle asks Google for none.
        Assert.Null(second.Error);
        Assert.DoesNotContain(second.Requests, r => r.Path == "/google/token");
        Assert.All(first.Requests.Concat(second.Requests).Where(r => r.Path != "/google/token"),
            r => Assert.Equal("Bearer " + tokens.IssuedTokens[0], r.Header("Authorization")));
    }

    // A token Google stops taking between a window's pages (expired by its clock, or revoked): that page is
    // asked again with a new token and the window goes on from it, nothing asked or written twice.
    [Fact]
    public async Task A_token_refused_between_pages_is_renewed_and_the_window_goes_on_from_that_page()
    {
        using var key = RSA.Create(2048);
        await using var api = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(api, "/google/token") { AssertionKey = key, ServiceAccountEmail = Email, Subject = Admin, Scope = Scope };
        var reports = new FakeReports().Deliver(DateTimeOffset.UtcNow.AddHours(-2), "q1").Deliver(DateTimeOffset.UtcNow.AddHours(-3), "q2");
        api.OnGet(GwsOverlapTests.LoginPath, r => (r.Param("pageToken") is not null && r.Header("Authorization") == "Bearer " + tokens.IssuedTokens[0])
            || tokens.CheckResourceRequest(r, api) is not null
            ? FakeResponse.Json("""{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""", 401)
            : reports.Answer(r));
        var env = new TestEnvironment();
        env.Variables["GWS_SA_KEY"] = KeyJson(key, tokens.TokenUrl);
        env.Variables["GWS_ADMIN"] = Admin;
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api) + "\nmax_results: 1", api, env);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "q1", "q2" }, cycle.Qualifiers());
        Assert.Equal(2, tokens.IssuedTokens.Count);
        var pages = cycle.Requests.Where(r => r.Path == GwsOverlapTests.LoginPath).Select(r => r.Param("pageToken") ?? "first").ToList();
        Assert.Equal(new[] { "first", "p:1", "p:1" }, pages);
        Assert.True(cycle.State.ContainsKey("window_end"));
    }

    [Fact]
    public async Task A_refused_delegation_fails_the_cycle_naming_googles_error_and_no_key()
    {
        using var key = RSA.Create(2048);
        await using var api = await FakeVendorServer.StartAsync();
        var tokens = new FakeTokenEndpoint(api, "/google/token") { AssertionKey = key, ServiceAccountEmail = Email, Subject = "someone-else@example.com", Scope = Scope };
        api.OnGet(GwsOverlapTests.LoginPath, new FakeReports().Answer);
        var env = new TestEnvironment();
        env.Variables["GWS_SA_KEY"] = KeyJson(key, tokens.TokenUrl);
        env.Variables["GWS_ADMIN"] = Admin;
        using var harness = SourceHarness.Create(new GwsSourceType(), Config(api), api, env);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("sub", cycle.Error);
        Assert.DoesNotContain("PRIVATE KEY", cycle.Error);
        Assert.DoesNotContain(cycle.Requests, r => r.Path == GwsOverlapTests.LoginPath);
    }

    // Google signs nothing for a scope it does not know (invalid_scope), and a token without the API's scope is
    // refused by the API (HTTP 403): either way every cycle failed while helr validate passed.
    [Theory]
    [InlineData("application: login", "[admin.reports.audit.readonly]",
        "sources.s.auth.scopes: 'admin.reports.audit.readonly' is not a scope Google knows: write the whole URL, https://www.googleapis.com/auth/admin.reports.audit.readonly")]
    [InlineData("application: login", "[https://www.googleapis.com/auth/admin.reports.usage.readonly]",
        "sources.s.auth.scopes: none of these scopes lets the Reports API be read (Google refuses the token, or the API answers HTTP 403, every cycle): "
        + "list https://www.googleapis.com/auth/admin.reports.audit.readonly, authorised for the service account's client id under domain-wide delegation")]
    [InlineData("api: cloud_logging\nresource_names: [projects/p]", "[https://www.googleapis.com/auth/admin.reports.audit.readonly]",
        "sources.s.auth.scopes: none of these scopes lets Cloud Logging be read (Google refuses the token, or the API answers HTTP 403, every cycle): "
        + "list https://www.googleapis.com/auth/logging.read (or logging.admin, cloud-platform, cloud-platform.read-only)")]
    public void Scopes_that_cannot_read_the_API_are_an_error_naming_auth_scopes(string api, string scopes, string error)
    {
        using var key = RSA.Create(2048);
        var env = new TestEnvironment();
        env.Variables["GWS_SA_KEY"] = KeyJson(key, "https://oauth2.googleapis.com/token");
        var yaml = $"""
            {api}
            auth:
              type: google_service_account
              credentials_env: GWS_SA_KEY
              scopes: {scopes}
            """;

        var problems = Assert.Throws<InvalidOperationException>(() => SourceHarness.Create(new GwsSourceType(), yaml, environment: env)).Message;

        Assert.Contains(error, problems);
    }

    [Theory]
    [InlineData("application: login", "[https://www.googleapis.com/auth/admin.reports.audit.readonly, https://www.googleapis.com/auth/drive.readonly]")]
    [InlineData("api: cloud_logging\nresource_names: [projects/p]", "[https://www.googleapis.com/auth/cloud-platform.read-only]")]
    public void Scopes_that_read_the_API_load(string api, string scopes)
    {
        using var key = RSA.Create(2048);
        var env = new TestEnvironment();
        env.Variables["GWS_SA_KEY"] = KeyJson(key, "https://oauth2.googleapis.com/token");
        using var harness = SourceHarness.Create(new GwsSourceType(), $"""
            {api}
            auth:
              type: google_service_account
              credentials_env: GWS_SA_KEY
              scopes: {scopes}
            """, environment: env);
    }
}
