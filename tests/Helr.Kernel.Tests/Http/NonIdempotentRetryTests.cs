using System.Net;
using System.Net.Sockets;
using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A plugin's own request (a hook's <c>fetch()</c>) with a method that is not idempotent: a retry after
/// the server may have acted would act twice (a second export job, an acknowledgement sent twice).
/// </summary>
public sealed class NonIdempotentRetryTests
{
    private static SourceHttpClient Client() => new("s1", null, null,
        new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 3, InitialBackoffSecs = 0 } }, null, TimeProvider.System, Logger.None);

    private static Task<HttpResponseMessage> Send(SourceHttpClient client, HttpMethod method, string url) =>
        client.SendAsync(() => new HttpRequestMessage(method, url) { Content = new StringContent("""{"export":"audit"}""") }, CancellationToken.None);

    [Theory]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_5xx_answer_is_final_since_the_server_may_have_acted(string method)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence(method, "/exports", FakeResponse.Json("""{"error":"bad gateway"}""", 502), FakeResponse.Json("""{"job":"2"}"""));
        using var client = Client();

        using var response = await Send(client, new HttpMethod(method), api.Url("/exports"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_since_the_server_refused_the_request()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence("POST", "/exports", FakeResponse.Json("{}", 429), FakeResponse.Json("""{"job":"1"}"""));
        using var client = Client();

        using var response = await Send(client, HttpMethod.Post, api.Url("/exports"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task A_connection_never_made_is_retried()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = Client();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Send(client, HttpMethod.Post, $"http://127.0.0.1:{port}/exports"));

        Assert.Contains("after 3 attempts", error.Message);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_idempotent_method_is_still_retried_after_a_5xx(string method)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnSequence(method, "/exports", FakeResponse.Json("{}", 502), FakeResponse.Json("""{"job":"1"}"""));
        using var client = Client();

        using var response = await Send(client, new HttpMethod(method), api.Url("/exports"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, api.Requests.Count);
    }
}
