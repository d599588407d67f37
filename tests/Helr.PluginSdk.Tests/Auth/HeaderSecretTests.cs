using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

/// <summary>
/// A bearer token or API key whose variable ends in a line break (a Kubernetes secret mounted with
/// secretKeyRef from a file written by echo) passed helr validate, and then every cycle failed at
/// the request ("the token contains a line break or NUL character"), counted by the circuit breaker
/// as the API's failure. It is a config error on the key, as an empty variable is.
/// </summary>
public class HeaderSecretTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment()
        .WithVariable("NEWLINE", "t0ken-value\n").WithVariable("CRLF", "t0ken\r\nX-Injected: yes").WithVariable("NUL", "t0ken\0value")
        .WithVariable("GOOD", "t0ken-value").WithFile("/run/inner", "first\nsecond\n").WithFile("/run/trailing", "t0ken-value\n");

    [Theory]
    [InlineData("""{"type": "bearer", "token_env": "NEWLINE"}""", "token_env", "environment variable NEWLINE")]
    [InlineData("""{"type": "bearer", "token_env": "CRLF"}""", "token_env", "environment variable CRLF")]
    [InlineData("""{"type": "bearer", "token_env": "NUL"}""", "token_env", "environment variable NUL")]
    [InlineData("""{"type": "bearer", "token_file": "/run/inner"}""", "token_file", "secret file \"/run/inner\"")]
    [InlineData("""{"type": "api_key", "header": "X-Api-Key", "key_env": "NEWLINE"}""", "key_env", "environment variable NEWLINE")]
    [InlineData("""{"type": "api_key", "header": "X-Api-Key", "key_file": "/run/inner"}""", "key_file", "secret file \"/run/inner\"")]
    public void A_header_secret_holding_a_line_break_is_a_config_error_naming_its_key_without_its_value(string json, string key, string where)
    {
        var auth = ConfigTree.FromJson(json, "sources.s.auth");

        Assert.Null(AuthReader.Read(auth, Env));

        var error = Assert.Single(auth.Errors.All).ToString();
        Assert.StartsWith($"sources.s.auth.{key}: {where} holds a line break or NUL character", error);
        Assert.DoesNotContain("t0ken", error);
        Assert.DoesNotContain("first", error);
    }

    // A file's value is trimmed (as upstream): its final line break is no part of the secret.
    [Theory]
    [InlineData("""{"type": "bearer", "token_env": "GOOD"}""")]
    [InlineData("""{"type": "bearer", "token_file": "/run/trailing"}""")]
    [InlineData("""{"type": "api_key", "header": "X-Api-Key", "key_file": "/run/trailing"}""")]
    public void A_header_secret_without_one_is_accepted(string json)
    {
        var auth = ConfigTree.FromJson(json, "sources.s.auth");

        Assert.NotNull(AuthReader.Read(auth, Env));
        Assert.Empty(auth.Errors.All);
    }
}
