using System.Security.Cryptography;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Auth;

/// <summary>docs/examples/auth.yaml validates once its keys exist (generated here), and a bad key is named.</summary>
public sealed class AuthExampleTests
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "examples", "docs", "auth.yaml");

    private static Dictionary<string, string?> Env(TempDir dir, string oktaKey)
    {
        using var google = RSA.Create(2048);
        var keyFile = dir.Write("gws.json", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account", ["client_email"] = "reader@p.iam.gserviceaccount.com", ["private_key"] = google.ExportPkcs8PrivateKeyPem(),
        }));
        return new Dictionary<string, string?>
        {
            ["OKTA_DOMAIN"] = "example.okta.com", ["OKTA_CLIENT_ID"] = "0oa1", ["OKTA_PRIVATE_KEY"] = oktaKey,
            ["GCP_PROJECT"] = "p", ["GCP_CLIENT_ID"] = "c", ["GCP_CLIENT_SECRET"] = "s", ["GCP_REFRESH_TOKEN"] = "r",
            ["GWS_KEY_FILE"] = keyFile, ["GWS_DELEGATED_ADMIN"] = "admin@example.com",
        };
    }

    [Fact]
    public async Task The_auth_example_validates_with_real_keys()
    {
        using var dir = new TempDir();
        using var okta = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = await HelrProcess.RunAsync($"validate -c {Example}", dir.Path, env: Env(dir, okta.ExportPkcs8PrivateKeyPem().Replace("\n", "\\n")));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("config valid", result.Stderr);
        Assert.DoesNotContain("warning:", result.Stderr);
    }

    [Fact]
    public async Task The_auth_example_names_a_key_that_is_not_pem()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync($"validate -c {Example}", dir.Path, env: Env(dir, "not-a-key"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sources.okta-oauth.auth.client_private_key_env: the private key is not a PEM private key (no -----BEGIN line)", result.Stderr);
        Assert.DoesNotContain("not-a-key", result.Stderr);
    }
}
