using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class SecretSourceTests
{
    [Theory]
    [InlineData("s3cret\n")]
    [InlineData("s3cret\r\n")]
    [InlineData("s3cret\n\n")]
    [InlineData("s3cret")]
    public void File_wins_over_env_and_loses_its_trailing_newline(string content)
    {
        var env = new FakeEnvironment().WithVariable("TOKEN", "from-env").WithFile("/run/token", content);
        var auth = ConfigTree.FromJson("""{"token_env": "TOKEN", "token_file": "/run/token"}""", "sources.s.auth");
        var source = SecretSource.Read(auth, "token", env)!;
        Assert.Empty(auth.Errors.All);
        Assert.Equal("s3cret", source.Resolve().Reveal());
    }

    // As upstream Helr (Rust str::trim): a token file saved with a trailing space or tab, or indented,
    // sends the token, not a Basic credential or client secret with the blank in it.
    [Theory]
    [InlineData("s3cret \n")]
    [InlineData("s3cret\t\r\n")]
    [InlineData("  s3cret\n\n")]
    [InlineData("\ts3cret")]
    public void A_file_loses_the_whitespace_around_it_as_upstream(string content) =>
        Assert.Equal("s3cret", new SecretSource { FilePath = "/f", KeyPath = "k", Environment = new FakeEnvironment().WithFile("/f", content) }.Resolve().Reveal());

    [Fact]
    public void Keeps_inner_whitespace_of_a_file() =>
        Assert.Equal("a b", new SecretSource { FilePath = "/f", KeyPath = "k", Environment = new FakeEnvironment().WithFile("/f", " a b\n") }.Resolve().Reveal());

    [Fact]
    public void Env_value_is_used_untrimmed()
    {
        var env = new FakeEnvironment().WithVariable("TOKEN", " tok \n");
        Assert.Equal(" tok \n", new SecretSource { EnvName = "TOKEN", KeyPath = "sources.s.auth.token", Environment = env }.Resolve().Reveal());
    }

    [Fact]
    public void Reads_at_each_use_so_rotation_is_picked_up()
    {
        var env = new FakeEnvironment().WithFile("/f", "one\n");
        var source = new SecretSource { FilePath = "/f", KeyPath = "k", Environment = env };
        Assert.Equal("one", source.Resolve().Reveal());
        env.WithFile("/f", "two\n");
        Assert.Equal("two", source.Resolve().Reveal());
    }

    [Fact]
    public void Missing_env_is_reported_by_name_at_validation()
    {
        var auth = ConfigTree.FromJson("""{"token_env": "HELR_TOKEN"}""", "sources.s.auth");
        Assert.NotNull(SecretSource.Read(auth, "token", new FakeEnvironment()));
        Assert.Equal(new[] { "sources.s.auth.token_env: environment variable HELR_TOKEN is not set" }, auth.Messages());
    }

    // The usual slip: the secret itself where its variable's name belongs. Quoting it put the credential in the log.
    [Theory]
    [InlineData("xoxp-1234567890-0987654321-AbCdEf123456")]
    [InlineData("ghp_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    // A classic GitHub token and an upper-case hex key: one case, letters and digits, no word break.
    [InlineData("e72e16c7e42f292c6912e7710c838347ae178b4a")]
    [InlineData("A3F9C2B7D1E04F6A8B5C9D2E7F1A3B6C")]
    public void A_secret_written_as_the_variable_name_is_not_quoted(string secret)
    {
        var auth = ConfigTree.FromJson($$"""{"token_env": {{System.Text.Json.JsonSerializer.Serialize(secret)}}}""", "sources.s.auth");
        SecretSource.Read(auth, "token", new FakeEnvironment());
        var message = Assert.Single(auth.Messages());
        Assert.StartsWith("sources.s.auth.token_env: names no environment variable: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..12], message, StringComparison.Ordinal);
        var ex = Assert.Throws<InvalidOperationException>(() => new SecretSource { EnvName = secret, KeyPath = "k", Environment = new FakeEnvironment() }.Resolve());
        Assert.DoesNotContain(secret[..12], ex.Message, StringComparison.Ordinal);
    }

    // Long names are still names: their words are broken with _, or they hold no digit.
    [Theory]
    [InlineData("OKTA_PROD_EU1_API_TOKEN_2024")]
    [InlineData("okta_production_api_token_eu")]
    [InlineData("OKTAPRODUCTIONAPITOKENSECRET")]
    public void A_long_variable_name_is_still_quoted(string name)
    {
        var auth = ConfigTree.FromJson($$"""{"token_env": "{{name}}"}""", "sources.s.auth");
        SecretSource.Read(auth, "token", new FakeEnvironment());
        Assert.Equal(new[] { $"sources.s.auth.token_env: environment variable {name} is not set" }, auth.Messages());
    }

    [Fact]
    public void Missing_env_at_use_names_key_and_variable()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new SecretSource { EnvName = "HELR_TOKEN", KeyPath = "sources.s.auth.token", Environment = new FakeEnvironment() }.Resolve());
        Assert.Equal("sources.s.auth.token: environment variable HELR_TOKEN is not set", ex.Message);
    }

    [Fact]
    public void Unreadable_file_is_reported_by_path_never_by_content()
    {
        var env = new FakeEnvironment().WithVariable("TOKEN", "env-secret-value");
        var auth = ConfigTree.FromJson("""{"token_env": "TOKEN", "token_file": "/nope"}""", "sources.s.auth");
        var source = SecretSource.Read(auth, "token", env)!;
        Assert.Equal(new[] { "sources.s.auth.token_file: cannot read secret file \"/nope\"" }, auth.Messages());
        var ex = Assert.Throws<InvalidOperationException>(() => source.Resolve());
        Assert.StartsWith("sources.s.auth.token: cannot read secret file \"/nope\"", ex.Message);
        Assert.DoesNotContain("env-secret-value", ex.Message);
        Assert.DoesNotContain("env-secret-value", source.ToString());
    }

    [Fact]
    public void Neither_env_nor_file_is_required_unless_optional()
    {
        var auth = ConfigTree.FromJson("""{"token_env": ""}""", "sources.s.auth");
        Assert.Null(SecretSource.Read(auth, "token", new FakeEnvironment()));
        Assert.Null(SecretSource.Read(auth, "password", new FakeEnvironment(), required: false));
        Assert.Equal(new[] { "sources.s.auth.token_env: required (or set token_file)" }, auth.Messages());
    }

    [Fact]
    public void Errors_never_contain_a_resolved_value()
    {
        var env = new FakeEnvironment().WithVariable("TOKEN", "tok-123").WithFile("/f", "file-456");
        var auth = ConfigTree.FromJson("""{"token_env": "TOKEN", "key_file": "/f", "user_env": "MISSING"}""", "sources.s.auth");
        SecretSource.Read(auth, "token", env);
        SecretSource.Read(auth, "key", env);
        SecretSource.Read(auth, "user", env);
        var all = string.Join("\n", auth.Messages());
        Assert.Equal("sources.s.auth.user_env: environment variable MISSING is not set", all);
    }
}
