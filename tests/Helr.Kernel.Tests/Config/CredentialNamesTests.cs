using Helr.Kernel.Config;
using Helr.Kernel.Replay;
using Helr.Kernel.Text;
using Helr.Plugins.Generic.Hooks;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>
/// One list of credential names: each place hiding values by name agrees with the others, and the
/// generic plugin's copy of the secret variable names (a plugin sees only the SDK) with the kernel's.
/// </summary>
public sealed class CredentialNamesTests
{
    private static readonly string[] Names =
    {
        "OKTA_TOKEN", "API_SECRET", "DB_PASSWORD", "GPG_PASSPHRASE", "DB_PWD", "X_API_KEY", "MY_CREDENTIALS", "BASIC_AUTH",
        "SESSION_COOKIE", "SESSION_TTL", "REQ_SIGNATURE", "PRIVATE_PEM", "DB_PASS", "PASS", "SENTRY_DSN", "DSN", "GITHUB_PAT", "PAT",
        "PAT_ADO", "ADO-PAT", "BYPASS_CACHE", "COMPASS_URL", "PATH", "PATTERN", "DSNAME", "HOME", "ORG_ID", "LIMIT", "PAGE_SIZE",
    };

    [Fact]
    public void The_hooks_copy_of_the_secret_variable_names_agrees_with_the_kernel()
    {
        foreach (var name in Names)
        {
            Assert.True(HookSecrets.LooksSecret(name) == CredentialNames.IsSecretVariable(name), name);
            Assert.True(ExpandedSecrets.IsSecretVariable(name) == CredentialNames.IsSecretVariable(name), name);
        }
    }

    [Theory]
    [InlineData("access_token")]
    [InlineData("X-Auth-Token")]
    [InlineData("client_assertion")]
    [InlineData("CB-ACCESS-PASSPHRASE")]
    [InlineData("X-Credential")]
    [InlineData("passwd")]
    [InlineData("sig")]
    [InlineData("X-Gitlab-Pat")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    public void A_credential_header_or_parameter_is_one_for_the_config_view_the_recorder_and_the_state_views(string name)
    {
        Assert.True(ConfigRedaction.IsVendorCredentialName(name), name);
        Assert.True(RecordingRedactor.LooksSecret(name), name);
        Assert.True(RecordingRedactor.IsSecretParameter(name), name);
        Assert.True(CredentialNames.IsCredentialParameter(name), name);
    }

    // The generic plugin judges the headers and parameters a hook builds with its own copy (a plugin sees only the SDK).
    [Fact]
    public void The_hooks_copy_of_the_header_and_parameter_names_agrees_with_the_kernel()
    {
        var names = Names.Concat(new[]
        {
            "access_token", "X-Auth-Token", "client_assertion", "CB-ACCESS-PASSPHRASE", "X-Credential", "passwd", "sig", "X-Sig", "hmac_sig",
            "X-Signature", "X-Gitlab-Pat", "Ocp-Apim-Subscription-Key", "code", "code_verifier", "DPoP", "key", "pageToken", "cursor",
            "limit", "X-Bypass-Cache", "path", "signed_at", "design", "Cookie", "session_id",
        });
        foreach (var name in names)
        {
            Assert.True(HookSecrets.LooksVendorCredential(name) == CredentialNames.IsVendorName(name), name);
            Assert.True(HookSecrets.IsCredentialName(name) == (CredentialNames.IsVendorName(name) || CredentialNames.IsSecretVariable(name)), name);
        }
    }

    [Theory]
    [InlineData("pageToken")]
    [InlineData("next_token")]
    [InlineData("cursor")]
    [InlineData("limit")]
    [InlineData("X-Bypass-Cache")]
    [InlineData("path")]
    public void Positions_and_plain_names_are_no_credential_parameter(string name)
    {
        Assert.False(RecordingRedactor.IsSecretParameter(name), name);
        Assert.False(CredentialNames.IsCredentialParameter(name), name);
    }
}
