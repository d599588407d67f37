using Helr.Kernel.Config;
using Helr.Kernel.Replay;
using Helr.PluginSdk;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>One list of credential names: each place hiding values by name agrees with the others.</summary>
public sealed class CredentialNamesTests
{
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
