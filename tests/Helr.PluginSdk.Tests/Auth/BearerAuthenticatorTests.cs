using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class BearerAuthenticatorTests
{
    private static BearerAuthenticator FromVariable(string value) =>
        new(new SecretSource { EnvName = "TOKEN", KeyPath = "sources.s.auth.token", Environment = new FakeEnvironment().WithVariable("TOKEN", value) });

    [Theory]
    [InlineData("t0ken-value\n")]
    [InlineData("t0ken-value\r\nInjected: yes")]
    [InlineData("t0ken\0value")]
    public async Task A_token_that_cannot_go_in_a_header_is_refused_naming_the_key_without_quoting_it(string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FromVariable(value).ApplyAsync(request, AuthStub.Context(), CancellationToken.None).AsTask());
        Assert.StartsWith("sources.s.auth.token: the token contains a line break or NUL", error.Message);
        Assert.DoesNotContain("t0ken", error.Message);
        Assert.Null(request.Headers.Authorization);
    }

    // A secret file that is not UTF-8 text reads with U+FFFD in it, a pasted token may hold a typographic quote:
    // before, every request failed with .NET's "Request headers must contain only ASCII characters", retried,
    // naming neither the source nor the setting.
    [Theory]
    [InlineData("t0ken\uFFFDvalue")]
    [InlineData("t0ken-value\u201D")]
    public async Task A_token_that_is_not_ascii_is_refused_naming_the_key_without_quoting_it(string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FromVariable(value).ApplyAsync(request, AuthStub.Context(), CancellationToken.None).AsTask());
        Assert.StartsWith("sources.s.auth.token: the token contains a character that is not ASCII", error.Message);
        Assert.DoesNotContain("t0ken", error.Message);
        Assert.Null(request.Headers.Authorization);
    }
}
