using System.Text;
using Helr.Kernel.Polling;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Http;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

public sealed class ErrorBodyPreviewTests
{
    private readonly TestEnvironment _env = new();

    private SecretSource Env(string name, string value)
    {
        _env.Variables[name] = value;
        return new SecretSource(name, null, "auth", _env);
    }

    private static PageRequest Request(string url = "https://api.example.com/logs", params (string, string)[] headers) =>
        new(HttpMethod.Get, new Uri(url), null, headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)).ToList());

    private static Task<string> Preview(string body, PageRequest request, IAuthenticator? auth) =>
        ErrorBodyPreview.RenderAsync(Encoding.UTF8.GetBytes(body), request, auth, CancellationToken.None).AsTask();

    [Fact]
    public async Task An_echoed_bearer_token_is_hidden_with_or_without_its_scheme()
    {
        var auth = new BearerAuthenticator(Env("TOKEN", "00aBcD-okta-token"), "SSWS");
        var text = await Preview("""{"error":"denied","echo":{"Authorization":"SSWS 00aBcD-okta-token"},"token":"00aBcD-okta-token"}""", Request(), auth);
        Assert.DoesNotContain("00aBcD", text);
        Assert.Equal("""{"error":"denied","echo":{"Authorization":"[REDACTED]"},"token":"[REDACTED]"}""", text);
    }

    [Fact]
    public async Task Basic_credentials_are_hidden_encoded_and_decoded()
    {
        var auth = new BasicAuthenticator(Env("USER", "svc-user"), Env("PASS", "pa55-word!"));
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-user:pa55-word!"));
        var text = await Preview($"got Basic {encoded} = svc-user:pa55-word! (password pa55-word!)", Request(), auth);
        Assert.DoesNotContain("pa55", text);
        Assert.DoesNotContain(encoded, text);
    }

    [Fact]
    public async Task An_api_key_a_configured_header_and_url_user_info_are_hidden()
    {
        var auth = new ApiKeyAuthenticator("DD-API-KEY", Env("KEY", "dd-key-123456"));
        var request = Request("https://bot:url-pass-789@api.example.com/logs", ("X-Extra-Secret", "hdr-secret-42"));
        var text = await Preview("headers: DD-API-KEY=dd-key-123456 X-Extra-Secret=hdr-secret-42 url-pass-789", request, auth);
        Assert.Equal("headers: DD-API-KEY=[REDACTED] X-Extra-Secret=[REDACTED] [REDACTED]", text);
    }

    [Fact]
    public async Task A_secret_across_the_cut_is_hidden_whole()
    {
        var auth = new BearerAuthenticator(Env("TOKEN", "cut-here-token-0123456789"));
        var body = new string('x', 290) + "cut-here-token-0123456789" + new string('y', 500);
        var text = await Preview(body, Request(), auth);
        Assert.DoesNotContain("cut-here", text);
        Assert.StartsWith(new string('x', 290) + "[REDACTED]", text);
        Assert.EndsWith("…", text);
        Assert.Equal(301, text.Length);
    }

    [Fact]
    public async Task When_the_credentials_cannot_be_read_the_body_is_not_shown()
    {
        var auth = new BearerAuthenticator(new SecretSource("UNSET_TOKEN", null, "auth", _env));
        var text = await Preview("echo: Bearer whatever", Request(), auth);
        Assert.StartsWith("(body not shown", text);
    }

    [Fact]
    public async Task Without_credentials_the_body_shows_as_is()
    {
        Assert.Equal("plain error text", await Preview("plain\r\nerror text", Request(), null));
        Assert.Equal("(empty body)", await Preview("", Request(), null));
    }
}
