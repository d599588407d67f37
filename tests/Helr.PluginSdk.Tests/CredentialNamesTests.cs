namespace Helr.PluginSdk.Tests;

/// <summary>
/// The two kinds of credential name: a variable's, where KEY, AUTH or PRIVATE inside a word still mean
/// a secret, and a header's or parameter's, where a filter such as author is none.
/// </summary>
public class CredentialNamesTests
{
    [Theory]
    [InlineData("OKTA_TOKEN")]
    [InlineData("API_SECRET")]
    [InlineData("DB_PASSWORD")]
    [InlineData("GPG_PASSPHRASE")]
    [InlineData("DB_PWD")]
    [InlineData("X_API_KEY")]
    [InlineData("MONKEY")]
    [InlineData("MY_CREDENTIALS")]
    [InlineData("BASIC_AUTH")]
    [InlineData("AUTHOR_NAME")]
    [InlineData("SESSION_COOKIE")]
    [InlineData("SESSION_TTL")]
    [InlineData("REQ_SIGNATURE")]
    [InlineData("PRIVATE_PEM")]
    [InlineData("DB_PASS")]
    [InlineData("PASS")]
    [InlineData("SENTRY_DSN")]
    [InlineData("GITHUB_PAT")]
    [InlineData("PAT_ADO")]
    [InlineData("ADO-PAT")]
    [InlineData("OKTA_JWT")]
    public void A_variable_named_like_a_credential_is_secret(string name) => Assert.True(CredentialNames.IsSecretVariable(name), name);

    [Theory]
    [InlineData("BYPASS_CACHE")]
    [InlineData("COMPASS_URL")]
    [InlineData("PATH")]
    [InlineData("PATTERN")]
    [InlineData("DSNAME")]
    [InlineData("HOME")]
    [InlineData("ORG_ID")]
    [InlineData("PAGE_SIZE")]
    public void A_plain_variable_is_not(string name) => Assert.False(CredentialNames.IsSecretVariable(name), name);

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("access_token")]
    [InlineData("X-Auth-Token")]
    [InlineData("X-Auth-Key")]
    [InlineData("auth")]
    [InlineData("authkey")]
    [InlineData("api_key")]
    [InlineData("key")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("client_assertion")]
    [InlineData("passwd")]
    [InlineData("sig")]
    [InlineData("hmac_sig")]
    [InlineData("X-Signature")]
    [InlineData("X-Gitlab-Pat")]
    [InlineData("code")]
    [InlineData("code_verifier")]
    [InlineData("DPoP")]
    [InlineData("Cookie")]
    [InlineData("session_id")]
    [InlineData("jwt")]
    [InlineData("X-JWT")]
    [InlineData("id_jwt")]
    public void A_header_or_parameter_named_like_a_credential_is_one(string name) =>
        Assert.True(CredentialNames.IsCredentialHeaderOrParameter(name), name);

    [Theory]
    [InlineData("author")]
    [InlineData("authored_by")]
    [InlineData("keyword")]
    [InlineData("Keywords")]
    [InlineData("limit")]
    [InlineData("path")]
    [InlineData("design")]
    [InlineData("signed_at")]
    [InlineData("X-Bypass-Cache")]
    [InlineData("private_repos")]
    [InlineData("sort_key")]
    [InlineData("sortKey")]
    [InlineData("X-Sort-Key")]
    public void A_filter_or_plain_header_is_none(string name) => Assert.False(CredentialNames.IsCredentialHeaderOrParameter(name), name);

    [Theory]
    [InlineData("pageToken")]
    [InlineData("next_token")]
    [InlineData("cursor")]
    public void A_position_is_no_credential_parameter(string name) => Assert.False(CredentialNames.IsCredentialParameter(name), name);

    [Theory]
    [InlineData("HTTPS_PROXY", "http://user:p%40ss-word@proxy:3128", "p%40ss-word")]
    [InlineData("http_proxy", "user:pw-123456@proxy:3128/", "pw-123456")]
    [InlineData("All_Proxy", "socks5://u:secret-pw@socks:1080", "secret-pw")]
    [InlineData("HTTPS_PROXY", "http://proxy:3128", null)]
    [InlineData("HTTPS_PROXY", "http://user@proxy:3128", null)]
    [InlineData("NO_PROXY", "http://user:pw-123456@proxy", null)]
    [InlineData("DB_PASS", "whole-value", "whole-value")]
    public void A_variables_secret_is_its_whole_value_or_a_proxy_urls_password(string name, string value, string? secret) =>
        Assert.Equal(secret, CredentialNames.SecretOfVariable(name, value));
}
