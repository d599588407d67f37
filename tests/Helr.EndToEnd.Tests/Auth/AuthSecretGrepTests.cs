using System.Security.Cryptography;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>No secret, assertion, proof or token shows in logs, errors or state, even at -v.</summary>
public sealed class AuthSecretGrepTests
{
    [Fact]
    public async Task Logs_errors_and_state_hold_no_credential_of_a_dpop_private_key_jwt_refresh_source()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s)
        {
            AssertionKey = key, DPoP = true, DPoPNonce = "as-nonce", RefreshToken = "rt-Configured-S3cret", Rotate = true,
        });
        await using var api = await FakeProtectedApi.StartAsync(auth, nonce: "rs-nonce");
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.LogsUrl, $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_private_key_env: E2E_CLIENT_KEY
            refresh_token_env: E2E_REFRESH_TOKEN
            dpop: true
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_KEY"] = pem, ["E2E_REFRESH_TOKEN"] = "rt-Configured-S3cret" });
        var outputs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var result = await run.OnceAsync("-v");
            Assert.True(result.ExitCode == 0, result.ToString());
            outputs.Add(result.Stderr);
        }
        foreach (var command in new[] { "state show s1", "state export" }) outputs.Add((await run.CliAsync(command)).Stdout);
        outputs.Add((await run.CliAsync("validate -v")).Stderr);
        Assert.Empty(auth.Problems);
        Assert.Empty(api.Problems);

        var forbidden = new List<string> { auth.RefreshToken!, "rt-Configured-S3cret" };
        forbidden.AddRange(auth.IssuedTokens);
        forbidden.AddRange(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && l.Length > 8));
        foreach (var request in auth.TokenRequests)
        {
            var form = FormBody.Parse(request.Body);
            forbidden.AddRange(new[] { form.GetValueOrDefault("client_assertion"), form.GetValueOrDefault("refresh_token"), request.Header("DPoP") }.OfType<string>());
        }
        forbidden.AddRange(api.Server.Requests.Select(r => r.Header("DPoP")).OfType<string>());
        Assert.True(forbidden.Count > 15, $"{forbidden.Count} values");
        AssertNoneShown(forbidden, outputs);
    }

    [Fact]
    public async Task An_api_error_body_echoing_the_token_and_proof_shows_neither()
    {
        await using var auth = await FakeAuthorizationServer.StartAsync(s => new FakeAuthorizationServer(s) { ClientSecret = "echo-S3cret", DPoP = true });
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => FakeResponse.Json($$"""{"error":"denied","saw":"{{r.Header("Authorization")}}","proof":"{{r.Header("DPoP")}}"}""", 401));
        using var dir = new TempDir();
        var run = new AuthRun(dir, api.Url("/logs"), $"""
            type: oauth2
            token_url: {auth.TokenUrl}
            client_id_env: E2E_CLIENT_ID
            client_secret_env: E2E_CLIENT_SECRET
            dpop: true
            """, new Dictionary<string, string?> { ["E2E_CLIENT_ID"] = "helr-client", ["E2E_CLIENT_SECRET"] = "echo-S3cret" });
        var result = await run.OnceAsync("-v");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("HTTP 401", result.Stderr);
        Assert.Contains("denied", result.Stderr);
        // One renewal on the 401, then the error.
        Assert.Equal(2, auth.TokenRequests.Count);
        var forbidden = auth.IssuedTokens.Concat(api.Requests.Select(r => r.Header("DPoP")!)).Append("echo-S3cret").ToList();
        AssertNoneShown(forbidden, new[] { result.Stderr, result.Stdout });
    }

    private static void AssertNoneShown(IEnumerable<string> forbidden, IEnumerable<string> outputs)
    {
        var all = string.Join("\n", outputs);
        Assert.False(string.IsNullOrWhiteSpace(all));
        foreach (var value in forbidden.Distinct())
            Assert.False(all.Contains(value, StringComparison.Ordinal), $"a credential ({value[..Math.Min(12, value.Length)]}…) was printed");
    }
}
