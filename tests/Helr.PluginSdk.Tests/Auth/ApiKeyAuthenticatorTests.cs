using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Tests.Support;

namespace Helr.PluginSdk.Tests.Auth;

public class ApiKeyAuthenticatorTests
{
    private static ApiKeyAuthenticator From(string fileContent) =>
        new("X-Api-Key", new SecretSource { FilePath = "/run/key", KeyPath = "sources.s.auth.key_file", Environment = new FakeEnvironment().WithFile("/run/key", fileContent) });

    [Fact]
    public async Task Sends_the_key_in_the_chosen_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        await From("k3y-value\n").ApplyAsync(request, AuthStub.Context(), CancellationToken.None);
        Assert.Equal("k3y-value", Assert.Single(request.Headers.GetValues("X-Api-Key")));
    }

    [Theory]
    [InlineData("first\nInjected: yes")]
    [InlineData("first\r\nInjected: yes\n")]
    [InlineData("nul\0byte")]
    public async Task A_key_that_would_split_the_header_is_refused_without_quoting_it(string content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => From(content).ApplyAsync(request, AuthStub.Context(), CancellationToken.None).AsTask());
        Assert.StartsWith("sources.s.auth.key_file: the key contains a line break or NUL", error.Message);
        Assert.DoesNotContain("Injected", error.Message);
        Assert.DoesNotContain("nul", error.Message.Replace("NUL", ""));
        Assert.False(request.Headers.Contains("X-Api-Key"));
    }

    // A key file that is not UTF-8 text: before, every request failed with .NET's "Request headers must contain only ASCII characters".
    [Fact]
    public async Task A_key_that_is_not_ascii_is_refused_without_quoting_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => From("k3y\uFFFDvalue").ApplyAsync(request, AuthStub.Context(), CancellationToken.None).AsTask());
        Assert.StartsWith("sources.s.auth.key_file: the key contains a character that is not ASCII", error.Message);
        Assert.DoesNotContain("k3y", error.Message);
        Assert.False(request.Headers.Contains("X-Api-Key"));
    }
}
