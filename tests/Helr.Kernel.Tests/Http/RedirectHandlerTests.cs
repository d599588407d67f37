using System.Net;
using System.Net.Http.Headers;
using Helr.Kernel.Http;
using Xunit;

namespace Helr.Kernel.Tests.Http;

public sealed class RedirectHandlerTests
{
    /// <summary>Answers each request with the next scripted response and records what it was sent.</summary>
    private sealed class Script(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
    {
        public List<(HttpMethod Method, Uri Url, string? Body, Dictionary<string, string> Headers)> Sent { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            Sent.Add((request.Method, request.RequestUri!, body, request.Headers.NonValidated.ToDictionary(h => h.Key, h => string.Join(",", h.Value))));
            var response = answers[Math.Min(Sent.Count - 1, answers.Length - 1)](request);
            response.RequestMessage = request;
            return response;
        }
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Redirect(int status, string location) =>
        _ => new HttpResponseMessage((HttpStatusCode)status) { Headers = { Location = new Uri(location, UriKind.RelativeOrAbsolute) } };

    private static readonly Func<HttpRequestMessage, HttpResponseMessage> Ok = _ => new HttpResponseMessage(HttpStatusCode.OK);

    private static async Task<(HttpResponseMessage Response, Script Inner)> SendAsync(HttpRequestMessage request, params Func<HttpRequestMessage, HttpResponseMessage>[] answers)
    {
        var inner = new Script(answers);
        using var invoker = new HttpMessageInvoker(new RedirectHandler(inner));
        return (await invoker.SendAsync(request, CancellationToken.None), inner);
    }

    [Fact]
    public async Task An_https_to_http_redirect_is_not_followed()
    {
        var (response, inner) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example/logs"),
            Redirect(302, "http://api.example/logs"), Ok);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(inner.Sent);
    }

    [Fact]
    public async Task A_hop_to_another_origin_drops_the_authenticator_headers_and_the_usual_credentials_only()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example/logs");
        request.Headers.TryAddWithoutValidation("DD-API-KEY", "secret-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "secret-2");
        request.Headers.TryAddWithoutValidation("Cookie", "session=secret-3");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic secret-4");
        request.Headers.TryAddWithoutValidation("X-Request-Tag", "keep-me");
        request.Options.Set(Helr.Kernel.Text.CredentialHeaders.Key, new[] { "DD-API-KEY" });

        var (response, inner) = await SendAsync(request,
            Redirect(302, "/v2/logs"), Redirect(302, "https://api.example:8443/logs"), Ok);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Uri("https://api.example:8443/logs"), response.RequestMessage!.RequestUri);
        Assert.Equal(new Uri("https://api.example/v2/logs"), inner.Sent[1].Url);
        Assert.Equal("secret-1", inner.Sent[1].Headers["DD-API-KEY"]);
        Assert.Equal("Bearer secret-2", inner.Sent[1].Headers["Authorization"]);
        Assert.Equal(new[] { "X-Request-Tag" }, inner.Sent[2].Headers.Keys);
    }

    [Theory]
    [InlineData(301, "POST", "GET", null)]
    [InlineData(302, "POST", "GET", null)]
    [InlineData(303, "POST", "GET", null)]
    [InlineData(303, "PUT", "GET", null)]
    [InlineData(302, "PUT", "PUT", "{\"q\":1}")]
    [InlineData(307, "POST", "POST", "{\"q\":1}")]
    [InlineData(308, "POST", "POST", "{\"q\":1}")]
    public async Task The_method_and_body_after_a_redirect(int status, string method, string expectedMethod, string? expectedBody)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), "https://api.example/search") { Content = new StringContent("{\"q\":1}") };
        var (_, inner) = await SendAsync(request, Redirect(status, "/v2/search"), Ok);
        Assert.Equal(new HttpMethod(expectedMethod), inner.Sent[1].Method);
        Assert.Equal(expectedBody, inner.Sent[1].Body);
    }

    [Fact]
    public async Task At_most_ten_hops_are_followed_and_the_last_redirect_is_the_answer()
    {
        var (response, inner) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example/loop"), Redirect(302, "/loop"));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1 + RedirectHandler.MaxHops, inner.Sent.Count);
    }

    [Fact]
    public async Task A_redirect_without_Location_or_to_another_scheme_is_the_answer()
    {
        var (response, inner) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example/logs"),
            _ => new HttpResponseMessage(HttpStatusCode.Found), Ok);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        (response, inner) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://api.example/logs"), Redirect(302, "ftp://api.example/logs"), Ok);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(inner.Sent);
    }
}
