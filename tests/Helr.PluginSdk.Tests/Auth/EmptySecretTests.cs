using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

/// <summary>
/// A secret's variable set but empty (a deployment template that left it blank, <c>TOKEN=</c> in an
/// env file) used to pass helr validate like a set one; every cycle then failed with 401 for a cause
/// naming no key. It is a config error on the key, as an unset variable is.
/// </summary>
public class EmptySecretTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment()
        .WithVariable("TOKEN", "tok").WithVariable("BLANK", " \t").WithVariable("NOTHING", "").WithFile("/run/blank", "\n");

    [Theory]
    [InlineData("""{"type": "bearer", "token_env": "BLANK"}""", "token_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "bearer", "token_env": "NOTHING"}""", "token_env", "environment variable NOTHING is empty")]
    [InlineData("""{"type": "bearer", "token_file": "/run/blank"}""", "token_file", "secret file \"/run/blank\" is empty")]
    [InlineData("""{"type": "api_key", "header": "X-Api-Key", "key_env": "BLANK"}""", "key_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "basic", "user_env": "BLANK"}""", "user_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "oauth2", "token_url": "https://idp.example.com/token", "client_id_env": "BLANK", "client_secret_env": "TOKEN"}""", "client_id_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "oauth2", "token_url": "https://idp.example.com/token", "client_id_env": "TOKEN", "client_secret_env": "BLANK"}""", "client_secret_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "oauth2", "token_url": "https://idp.example.com/token", "client_id_env": "TOKEN", "client_private_key_env": "BLANK"}""", "client_private_key_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "oauth2", "token_url": "https://idp.example.com/token", "client_id_env": "TOKEN", "client_secret_env": "TOKEN", "refresh_token_env": "BLANK"}""", "refresh_token_env", "environment variable BLANK is empty")]
    [InlineData("""{"type": "google_service_account", "credentials_env": "BLANK", "scopes": ["s"]}""", "credentials_env", "environment variable BLANK is empty")]
    public void A_secret_set_but_empty_is_a_config_error_naming_its_key(string json, string key, string what)
    {
        var auth = ConfigTree.FromJson(json, "sources.s.auth");

        AuthReader.Read(auth, Env);

        Assert.Equal($"sources.s.auth.{key}: {what} (or only white space): every request would be refused for want of a credential",
            Assert.Single(auth.Errors.All).ToString());
    }

    // Basic auth with an empty password is a credential (Tailscale: the API key as the user), and upstream
    // Helr required password_env, so configs ported from it name an empty variable there.
    [Fact]
    public void An_empty_basic_password_is_still_allowed()
    {
        var auth = ConfigTree.FromJson("""{"type": "basic", "user_env": "TOKEN", "password_env": "NOTHING"}""", "sources.s.auth");

        Assert.NotNull(AuthReader.Read(auth, Env));
        Assert.Empty(auth.Errors.All);
    }
}
