using System.Text;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class AuthReaderTests
{
    private static readonly FakeEnvironment Env = new FakeEnvironment().WithVariable("TOKEN", "tok").WithVariable("USER", "me");

    private static async Task<HttpRequestMessage> Apply(IAuthenticator authenticator)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://a.example.com/");
        await authenticator.ApplyAsync(request, AuthStub.Context(), CancellationToken.None);
        return request;
    }

    [Fact]
    public async Task Bearer_with_custom_prefix()
    {
        var auth = ConfigTree.FromJson("""{"type": "bearer", "token_env": "TOKEN", "prefix": "SSWS"}""", "sources.s.auth");
        var request = await Apply(AuthReader.Read(auth, Env)!);
        Assert.Equal("SSWS tok", request.Headers.Authorization!.ToString());
        Assert.Empty(auth.Errors.All);
    }

    [Fact]
    public async Task A_prefix_with_blanks_around_it_is_that_word_and_an_empty_one_sends_the_token_alone()
    {
        var padded = ConfigTree.FromJson("""{"type": "bearer", "token_env": "TOKEN", "prefix": "SSWS "}""", "sources.s.auth");
        Assert.Equal("SSWS tok", (await Apply(AuthReader.Read(padded, Env)!)).Headers.Authorization!.ToString());
        Assert.Empty(padded.Errors.All);

        var empty = ConfigTree.FromJson("""{"type": "bearer", "token_env": "TOKEN", "prefix": ""}""", "sources.s.auth");
        Assert.Equal("tok", Assert.Single((await Apply(AuthReader.Read(empty, Env)!)).Headers.NonValidated["Authorization"]));
        Assert.Empty(empty.Errors.All);
    }

    [Fact]
    public void A_prefix_a_header_cannot_carry_is_a_config_error_naming_the_key()
    {
        var auth = ConfigTree.FromJson("""{"type": "bearer", "token_env": "TOKEN", "prefix": "SSWS tok"}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, Env));
        var error = Assert.Single(auth.Messages());
        Assert.StartsWith("sources.s.auth.prefix: 'SSWS tok' is not one word", error);
    }

    [Fact]
    public async Task Api_key_in_a_named_header()
    {
        var auth = ConfigTree.FromJson("""{"type": "api_key", "header": "X-Api-Key", "key_env": "TOKEN"}""", "sources.s.auth");
        var request = await Apply(AuthReader.Read(auth, Env)!);
        Assert.Equal("tok", Assert.Single(request.Headers.GetValues("X-Api-Key")));
    }

    // A content header (Content-Type, Expires, …) passed validate, then every poll failed with .NET's
    // "Misused header name", naming no setting.
    [Theory]
    [InlineData("Content-Type")]
    [InlineData("expires")]
    public void An_api_key_header_a_request_cannot_carry_is_a_config_error_naming_the_key(string name)
    {
        var auth = ConfigTree.FromJson($$"""{"type": "api_key", "header": "{{name}}", "key_env": "TOKEN"}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, Env));
        var error = Assert.Single(auth.Messages());
        Assert.StartsWith($"sources.s.auth.header: '{name}' is a header of a request's body", error);
    }

    [Fact]
    public async Task Basic_without_password_sends_an_empty_one()
    {
        var auth = ConfigTree.FromJson("""{"type": "basic", "user_env": "USER"}""", "sources.s.auth");
        var request = await Apply(AuthReader.Read(auth, Env)!);
        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal("me:", Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
        Assert.Empty(auth.Errors.All);
    }

    [Fact]
    public async Task Static_credentials_do_not_refresh() =>
        Assert.False(await new BearerAuthenticator(new SecretSource { EnvName = "TOKEN", KeyPath = "k", Environment = Env }).RefreshAsync(AuthStub.Context(), CancellationToken.None));

    [Fact]
    public void Unknown_type_suggests_the_closest()
    {
        var auth = ConfigTree.FromJson("""{"type": "beare"}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, Env));
        Assert.Equal(new[] { "sources.s.auth.type: 'beare' is not one of: bearer, api_key, basic, oauth2, google_service_account; did you mean 'bearer'?" }, auth.Messages());
    }

    [Fact]
    public void Missing_pieces_are_all_reported()
    {
        var auth = ConfigTree.FromJson("""{"type": "api_key"}""", "sources.s.auth");
        Assert.Null(AuthReader.Read(auth, Env));
        Assert.Equal(new[] { "sources.s.auth.header: required", "sources.s.auth.key_env: required (or set key_file)" }, auth.Messages());
    }

    [Fact]
    public void Non_map_auth_is_an_error()
    {
        var source = ConfigTree.Source("""{"auth": "bearer"}""");
        Assert.Null(AuthReader.Read(source.Child("auth"), Env));
        Assert.Equal(new[] { "sources.s.auth: expected a map with a 'type' key" }, source.Messages());
    }

    [Fact]
    public void Absent_auth_is_no_authenticator() => Assert.Null(AuthReader.Read(null, Env));

    // A misspelled type left token_env unread, so it was reported too: "unknown key; did you mean 'token_env'?".
    [Fact]
    public void A_misspelled_type_is_the_only_error_not_the_keys_of_the_type_meant()
    {
        var source = ConfigTree.Source("""{"auth": {"type": "bearerx", "token_env": "TOKEN"}}""");
        Assert.Null(AuthReader.Read(source.Mapping("auth"), Env));
        source.ReportUnknownKeys();
        Assert.Equal(new[] { "sources.s.auth.type: 'bearerx' is not one of: bearer, api_key, basic, oauth2, google_service_account; did you mean 'bearer'?" },
            source.Messages());
    }
}
