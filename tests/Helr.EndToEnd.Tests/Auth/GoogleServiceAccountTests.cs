using System.Security.Cryptography;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>google_service_account: a signed JWT-bearer assertion exchanged at the key's own token_uri.</summary>
public sealed class GoogleServiceAccountTests
{
    private const string Email = "helr-reader@example-project.iam.gserviceaccount.com";
    private const string Scope = "https://www.googleapis.com/auth/admin.reports.audit.readonly";

    private static string KeyJson(RSA key, string tokenUri) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = "example-project",
        ["private_key_id"] = "k1",
        ["private_key"] = key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = Email,
        ["token_uri"] = tokenUri,
    });

    [Fact]
    public async Task The_assertion_verifies_with_the_keys_token_uri_as_aud_and_the_delegated_subject()
    {
        using var key = RSA.Create(2048);
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            AssertionKey = key, GoogleEmail = Email, GoogleScope = Scope + " https://www.googleapis.com/auth/drive.readonly", GoogleSubject = "admin@example.com",
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var keyFile = dir.Write("sa.json", KeyJson(key, auth.Server.Url("/google/token")));
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: google_service_account
            credentials_file: {keyFile}
            subject_env: E2E_GWS_SUBJECT
            scopes:
              - {Scope}
              - https://www.googleapis.com/auth/drive.readonly
            """, new Dictionary<string, string?> { ["E2E_GWS_SUBJECT"] = "admin@example.com" });
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "1", "2" }, result.Lines.EventField("id"));
        Assert.Empty(auth.Problems);
        var request = Assert.Single(auth.TokenRequests);
        Assert.Equal("/google/token", request.Path);
        Assert.Equal(FakeAuthorizationServer.JwtBearerGrant, FormBody.Parse(request.Body)["grant_type"]);
        var assertion = Assert.Single(auth.Assertions);
        Assert.Equal(3600, assertion.Number("exp") - assertion.Number("iat"));
        Assert.All(api.Server.Requests, r => Assert.Equal("Bearer " + auth.IssuedTokens[0], r.Header("Authorization")));
    }

    [Fact]
    public async Task Credentials_env_without_subject_sends_no_sub()
    {
        using var key = RSA.Create(2048);
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            AssertionKey = key, GoogleEmail = Email, GoogleScope = Scope,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth);
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: google_service_account
            credentials_env: E2E_GWS_KEY
            scopes: [{Scope}]
            """, new Dictionary<string, string?> { ["E2E_GWS_KEY"] = KeyJson(key, auth.Server.Url("/google/token")) });
        var result = await run.OnceAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(auth.Problems);
        Assert.False(Assert.Single(auth.Assertions).HasClaim("sub"));
    }

    [Theory]
    [InlineData("""{"type":"authorized_user","client_id":"x"}""", "the credentials are 'authorized_user' credentials, not a service account key")]
    [InlineData("""{"type":"service_account","client_email":"a@b.c"}""", "the credentials lack \"private_key\"")]
    [InlineData("""{"type":"service_account","client_email":"a@b.c","private_key":"-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----"}""", "private_key is not a readable RSA or P-256 EC private key")]
    [InlineData("not json", "the credentials are not valid JSON")]
    public async Task A_bad_key_file_is_a_validate_error_naming_the_key(string json, string problem)
    {
        using var dir = new TempDir();
        var keyFile = dir.Write("sa.json", json);
        var run = new AuthRun(dir, "https://admin.googleapis.com/logs", $"""
            type: google_service_account
            credentials_file: {keyFile}
            scopes: [{Scope}]
            """, new Dictionary<string, string?>());
        var result = await run.ValidateAsync();
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.s1.auth.credentials_file: the credentials", result.Stderr);
        Assert.Contains(problem, result.Stderr);
        Assert.DoesNotContain("QUJD", result.Stderr);
    }
}
