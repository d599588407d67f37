using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Config;

/// <summary>A config error about a value that came from a secret's variable names the variable, never the value.</summary>
public sealed class ExpandedSecretErrorTests
{
    [Fact]
    public void Token_env_written_as_an_expansion_is_reported_without_the_token()
    {
        // The usual slip: token_env takes the variable's name, but ${...} puts its value there, and the
        // reader then says "environment variable <value> is not set".
        using var file = new ConfigFile();
        file.Env.Variables["OKTA_API_TOKEN"] = "00aBcD_ssws-token-7f3e";
        var (loaded, problems) = file.TryLoad("""
            sources:
              okta:
                url: https://example.okta.com/api/v1/logs
                auth:
                  type: bearer
                  token_env: ${OKTA_API_TOKEN}
            """);

        Assert.Null(loaded);
        var text = string.Join("\n", problems.All);
        Assert.Contains("sources.okta.auth.token_env", text);
        Assert.Contains("looks like the secret itself", text);
        Assert.DoesNotContain("00aBcD_ssws-token-7f3e", text);
    }

    [Fact]
    public void A_type_error_on_a_value_from_a_secret_variable_does_not_quote_it()
    {
        using var file = new ConfigFile();
        file.Env.Variables["API_SECRET"] = "s3cr3t-v4lu3-99";
        var (_, problems) = file.TryLoad("""
            sources:
              s:
                url: https://api.example.com/logs
                schedule:
                  interval_secs: ${API_SECRET}
            """);

        var text = string.Join("\n", problems.All);
        Assert.Contains("sources.s.schedule.interval_secs", text);
        Assert.DoesNotContain("s3cr3t-v4lu3-99", text);
    }

    [Fact]
    public void A_secret_expanded_into_a_key_is_not_shown_in_the_key_path()
    {
        // The token written where the header's name belongs: the error is at a path built from that key.
        using var file = new ConfigFile();
        file.Env.Variables["VENDOR_TOKEN"] = "tok/9f8e7d6c:abc";
        var (loaded, problems) = file.TryLoad("""
            sources:
              s:
                url: https://api.example.com/logs
                headers:
                  "${VENDOR_TOKEN}": x
            """);

        Assert.Null(loaded);
        var text = string.Join("\n", problems.All);
        Assert.Contains("sources.s.headers.${VENDOR_TOKEN}", text);
        Assert.DoesNotContain("tok/9f8e7d6c", text);
    }
}
