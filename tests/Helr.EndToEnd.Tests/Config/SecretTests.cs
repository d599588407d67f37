using System.Text;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Config;

/// <summary>Where secrets come from (env, file) and that they never reach the logs.</summary>
public sealed class SecretTests
{
    [Fact]
    public async Task A_secret_file_is_read_with_its_trailing_newline_trimmed()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var tokenFile = dir.Write("token", "file-token-789\n");
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                auth:
                  type: bearer
                  token_file: {tokenFile}
            """);
        await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal("Bearer file-token-789", Assert.Single(api.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_relative_secret_path_is_read_from_the_working_directory_as_upstream()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var work = new TempDir();
        using var configDir = new TempDir();
        work.Write("token", "from-working-dir\n");
        configDir.Write("token", "from-config-dir\n");
        var config = configDir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                auth:
                  type: bearer
                  token_file: token
            """);
        await HelrProcess.RunOnceAsync(config, work);
        Assert.Equal("Bearer from-working-dir", Assert.Single(api.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task The_file_wins_over_the_env_variable()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var keyFile = dir.Write("key", "from-file\r\n");
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                auth:
                  type: api_key
                  header: DD-API-KEY
                  key_env: E2E_KEY
                  key_file: {keyFile}
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path,
            env: new Dictionary<string, string?> { ["E2E_KEY"] = "from-env" });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("from-file", Assert.Single(api.Requests).Header("DD-API-KEY"));
    }

    [Fact]
    public async Task An_env_secret_is_used_as_is()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                auth:
                  type: bearer
                  token_env: E2E_TOKEN
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path,
            env: new Dictionary<string, string?> { ["E2E_TOKEN"] = "env token with spaces" });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer env token with spaces", Assert.Single(api.Requests).Header("Authorization"));
    }

    public static TheoryData<string, string[]> AuthBlocks() => new()
    {
        { "type: bearer\n      token_env: E2E_SECRET", new[] { "S3cr3t-Value-Bearer" } },
        { "type: api_key\n      header: X-Api-Key\n      key_env: E2E_SECRET", new[] { "S3cr3t-Value-Bearer" } },
        {
            "type: basic\n      user_env: E2E_USER\n      password_env: E2E_SECRET",
            new[] { "S3cr3t-Value-Bearer", Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-user:S3cr3t-Value-Bearer")) }
        },
    };

    [Theory]
    [MemberData(nameof(AuthBlocks))]
    public async Task A_rejected_secret_is_never_logged_even_with_verbose(string auth, string[] forbidden)
    {
        await using var api = await FakeVendorServer.StartAsync();
        // As some gateways and debug endpoints do: the error body echoes the credentials it got.
        api.OnGet("/logs", r => FakeResponse.Json(
            $$"""{"errorCode":"E0000011","errorSummary":"Invalid token provided","echo":"{{r.Header("Authorization")}} {{r.Header("X-Api-Key")}}"}""", 401));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs?limit=10")}
                auth:
                  {auth}
            """);
        var env = new Dictionary<string, string?> { ["E2E_SECRET"] = "S3cr3t-Value-Bearer", ["E2E_USER"] = "svc-user" };
        var result = await HelrProcess.RunAsync($"run --once -v -c {config}", dir.Path, env: env);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("401", result.Stderr);
        Assert.Contains("Invalid token provided", result.Stderr);
        Assert.Contains("[REDACTED]", result.Stderr);
        Assert.NotEmpty(api.Requests);
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(secret, result.Stderr);
            Assert.DoesNotContain(secret, result.Stdout);
        }

        // validate and test print nothing secret either.
        var validate = await HelrProcess.RunAsync($"validate -v -c {config}", dir.Path, env: env);
        var test = await HelrProcess.RunAsync($"test --source s1 -v -c {config}", dir.Path, env: env);
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(secret, validate.Stderr + validate.Stdout);
            Assert.DoesNotContain(secret, test.Stderr + test.Stdout);
        }
    }

    [Fact]
    public async Task Credentials_in_the_url_never_show_in_errors()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""{"error":"boom"}""", 500));
        using var dir = new TempDir();
        var url = new UriBuilder(api.Url("/logs?api_key=Query-S3cret")) { UserName = "bot", Password = "Url-S3cret" }.Uri;
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {url}
            """);
        var result = await HelrProcess.RunAsync($"run --once -v -c {config}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"HTTP 500 from http://…@{url.Authority}/logs?…", result.Stderr);
        Assert.DoesNotContain("S3cret", result.Stderr + result.Stdout);
    }

    // Coinbase's and OKX's API passphrase, a database password or DSN, a personal access token: names
    // that mark a credential for an environment variable were not credential names for a header, so a
    // value written there was echoed in the error body preview of last_error and the log.
    [Theory]
    [InlineData("CB-ACCESS-PASSPHRASE")]
    [InlineData("X-Db-Pwd")]
    [InlineData("X-Pass")]
    [InlineData("X-Sentry-Dsn")]
    [InlineData("X-Gitlab-Pat")]
    public async Task A_header_named_like_a_secret_variable_is_cut_from_an_echoing_error_body(string header)
    {
        const string Secret = "hdr-5Rq8Wz2Lp7";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""{"error":"denied","echo":"{{r.Header(header)}}"}""", 403));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {api.Url("/logs")}
                headers:
                  {header}: {Secret}
            """);
        var result = await HelrProcess.RunAsync($"run --once -v -c {config}", dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("denied", result.Stderr);
        Assert.Contains("[REDACTED]", result.Stderr);
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout);
    }
}
