using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>
/// auth type github_app against a fake GitHub that verifies the App's JWT with the public half of a
/// key generated here, and hands out installation tokens.
/// </summary>
public sealed class GitHubAppAuthTests : IDisposable
{
    private const string InstallationToken = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    private const string TokenPath = "/app/installations/7890123/access_tokens";
    private readonly RSA _appKey = RSA.Create(2048);

    public void Dispose() => _appKey.Dispose();

    private FakeEnvironment Environment(RSA key)
    {
        var env = new FakeEnvironment();
        env.Variables["GITHUB_APP_KEY"] = key.ExportRSAPrivateKeyPem();
        return env;
    }

    private static string Yaml(string url) => $"""
        url: {url}
        auth:
          type: github_app
          app_id: "123456"
          installation_id: "7890123"
          private_key_env: GITHUB_APP_KEY
        """;

    // Answers like GitHub: 201 with a token when the JWT is signed by the App's key and well formed, judged
    // by GitHub's clock (this machine's real one), which every answer carries in its Date header.
    private void ServeTokens(FakeVendorServer server, Func<DateTimeOffset> expiresAt) =>
        server.OnPost(TokenPath, r => (JwtIsValid(r.Header("Authorization"))
            ? FakeResponse.Json($$$"""{"token":"{{{InstallationToken}}}","expires_at":"{{{expiresAt().UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}","permissions":{"organization_administration":"read"}}""", 201)
            : PluginTestFiles.Json("error-jwt.json", 401)).WithHeader("Date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)));

    private bool JwtIsValid(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3) return false;
        var header = JsonDocument.Parse(FromBase64Url(parts[0])).RootElement;
        var payload = JsonDocument.Parse(FromBase64Url(parts[1])).RootElement;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var iat = payload.GetProperty("iat").GetInt64();
        var exp = payload.GetProperty("exp").GetInt64();
        return header.GetProperty("alg").GetString() == "RS256"
            && _appKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            && payload.GetProperty("iss").GetString() == "123456"
            && iat <= now && exp > now && exp <= now + 600 && exp - iat <= 600;
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    [Fact]
    public async Task The_installation_token_is_fetched_with_a_signed_jwt_and_reused_while_valid()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        ServeTokens(server, () => DateTimeOffset.UtcNow.AddHours(1));
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, Environment(_appKey));

        var cycles = await harness.RunCyclesAsync(2);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "LwW2vpJZCDS-WUmo9Z-ifw" }, cycles[0].EventField("_document_id"));
        var token = Assert.Single(server.Requests, r => r.Path == TokenPath);
        Assert.Equal("application/vnd.github+json", token.Header("Accept"));
        Assert.All(server.Requests.Where(r => r.Path == GitHubApi.Path), r => Assert.Equal("Bearer " + InstallationToken, r.Header("Authorization")));
    }

    [Fact]
    public async Task A_token_near_its_expiry_is_replaced_before_it_expires()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        var tokens = 0;
        // The first token expires within the refresh margin; the second lasts an hour.
        ServeTokens(server, () => Interlocked.Increment(ref tokens) == 1 ? DateTimeOffset.UtcNow.AddMinutes(2) : DateTimeOffset.UtcNow.AddHours(1));
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, Environment(_appKey));

        var cycles = await harness.RunCyclesAsync(3);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { 1, 1, 0 }, cycles.Select(c => c.Requests.Count(r => r.Path == TokenPath)));
    }

    // A drifted VM clock: GitHub judges iat and exp by its own clock (iat in its past, exp at most 10 minutes
    // ahead), so a JWT signed on this host's clock alone is refused for good once the drift passes 60 s.
    [Theory]
    [InlineData(70)]
    [InlineData(-20)]
    public async Task With_this_hosts_clock_off_githubs_the_jwt_is_signed_on_githubs_clock_and_the_token_kept_until_its_expiry(int minutesAhead)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        ServeTokens(server, () => DateTimeOffset.UtcNow.AddHours(1));
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, Environment(_appKey));
        harness.Time = new SkewedClock(TimeSpan.FromMinutes(minutesAhead));

        var cycles = await harness.RunCyclesAsync(3);

        Assert.All(cycles, c => Assert.Null(c.Error));
        Assert.Equal(new[] { "LwW2vpJZCDS-WUmo9Z-ifw" }, cycles[0].EventField("_document_id"));
        // The first JWT (this host's clock) is refused and one on GitHub's clock, read from the answer's Date,
        // is taken; the token is then kept for its hour on GitHub's clock, not fetched again for every request.
        Assert.Equal(new[] { 2, 0, 0 }, cycles.Select(c => c.Requests.Count(r => r.Path == TokenPath)));
    }

    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + skew;
    }

    [Fact]
    public async Task A_rejected_jwt_fails_the_cycle_with_githubs_message_and_no_key_material()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        ServeTokens(server, () => DateTimeOffset.UtcNow.AddHours(1));
        using var otherKey = RSA.Create(2048);
        var env = Environment(otherKey);
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, env);

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("installation token request", cycle.Error);
        // As for the built-in token auth: a credentials failure, which the circuit breaker does not count against the API.
        Assert.Contains("cannot get credentials", cycle.Error);
        Assert.Contains("A JSON web token could not be decoded", cycle.Error);
        Assert.DoesNotContain("PRIVATE KEY", cycle.Error);
        Assert.DoesNotContain(cycle.Log, l => l.Contains("PRIVATE KEY", StringComparison.Ordinal));
        Assert.Empty(cycle.Lines);
        Assert.DoesNotContain(server.Requests, r => r.Path == GitHubApi.Path);
    }

    // A token that cannot go into a header: before, every request failed with .NET's "New-line or NUL characters
    // are not allowed in header values" until the cached token expired an hour later.
    [Theory]
    [InlineData("ghs_bad\\r\\nX-Injected: yes", "holds a token with a line break or control character")]
    [InlineData("ghs_bad\\u0000rest", "holds a token with a line break or control character")]
    [InlineData("", "has no token")]
    public async Task A_token_with_a_line_break_or_control_character_is_a_credentials_error_and_asked_for_again(string badToken, string why)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        var answers = 0;
        server.OnPost(TokenPath, _ => FakeResponse.Json($$$"""{"token":"{{{(Interlocked.Increment(ref answers) == 1 ? badToken : InstallationToken)}}}","expires_at":"{{{DateTimeOffset.UtcNow.AddHours(1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}"}""", 201));
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, Environment(_appKey));

        var cycles = await harness.RunCyclesAsync(2);

        Assert.NotNull(cycles[0].Error);
        Assert.Contains("cannot get credentials", cycles[0].Error);
        Assert.Contains($"installation token response from {TokenPath} {why}", cycles[0].Error);
        Assert.DoesNotContain("ghs_bad", cycles[0].Error);
        Assert.DoesNotContain(cycles[0].Requests, r => r.Path == GitHubApi.Path);
        // Not kept: the next cycle asks again and collects with the good token.
        Assert.Null(cycles[1].Error);
        Assert.Single(cycles[1].Requests, r => r.Path == TokenPath);
        Assert.Equal(new[] { "LwW2vpJZCDS-WUmo9Z-ifw" }, cycles[1].EventField("_document_id"));
    }

    // A key cut short or mangled on its way into a variable or file (a paste that lost lines): .NET's bare
    // "ASN1 corrupted data" named neither the App's key nor the setting it came from.
    [Theory]
    [InlineData("truncated")]
    [InlineData("not a pem")]
    public async Task A_private_key_that_is_no_rsa_key_fails_naming_the_setting_not_the_der_parser(string damage)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new GitHubApi(server, InstallationToken).Page("", "audit-page2.json");
        ServeTokens(server, () => DateTimeOffset.UtcNow.AddHours(1));
        var env = Environment(_appKey);
        var lines = env.Variables["GITHUB_APP_KEY"].Split('\n');
        using var harness = SourceHarness.Create(new GitHubSourceType(), Yaml(api.Url), server, env);
        // Rotated after start-up (the key is read at each use): helr validate saw the good one.
        env.Variables["GITHUB_APP_KEY"] = damage == "truncated"
            ? string.Join('\n', lines.Take(6).Append(lines[^1]))
            : "ghp_notAKey";

        var cycle = await harness.RunCycleAsync();

        Assert.NotNull(cycle.Error);
        Assert.Contains("is not a PEM RSA private key", cycle.Error);
        Assert.Contains("private_key_env", cycle.Error);
        Assert.DoesNotContain(lines[2], cycle.Error);
        Assert.Empty(server.Requests);
    }
}
