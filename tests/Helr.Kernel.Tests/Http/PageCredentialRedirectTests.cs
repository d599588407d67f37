using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Testing;
using Serilog.Core;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A page whose body carries a credential under a name that says nothing (<c>PageRequest.Credentials</c>:
/// a session a hook's <c>getAuth</c> put in a POST body) was re-posted, session and all, to whatever
/// other origin a 307 or 308 named: only configured secrets and sent headers marked a body as a credential.
/// </summary>
public sealed class PageCredentialRedirectTests
{
    private const string Session = "sess-4f9a7c21e0b3";

    // Written as a script's body is (System.Text.Json: a base64 session's '+' goes out as \u002B).
    private static PageRequest Page(string url, string session = Session) => new()
    {
        Method = HttpMethod.Post, Url = new Uri(url), JsonBody = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { sid = session, limit = 50 }), Credentials = [session],
    };

    private static SourceHttpClient Client() =>
        new("s1", null, null, new ResilienceConfig { Retries = new RetriesConfig { MaxAttempts = 1 } }, null, TimeProvider.System, Logger.None);

    [Theory]
    [InlineData(Session)]
    [InlineData("c2Vzc2lvbi0+NGY5YT/3YzIx==")]
    public async Task A_307_to_another_origin_does_not_re_post_a_session_the_page_carries_in_its_body(string session)
    {
        await using var elsewhere = await FakeVendorServer.StartAsync();
        elsewhere.OnPost("/logs", _ => FakeResponse.Json("[]"));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/logs", _ => new FakeResponse { Status = 307 }.WithHeader("Location", elsewhere.Url("/logs")));
        using var client = Client();

        var (response, _) = await client.FetchPageAsync(Page(api.Url("/logs"), session), new PageBuffer(), CancellationToken.None);

        Assert.Equal(307, response.StatusCode);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_307_within_the_origin_keeps_the_body()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnPost("/logs", _ => new FakeResponse { Status = 307 }.WithHeader("Location", api.Url("/v2/logs")));
        api.OnPost("/v2/logs", _ => FakeResponse.Json("[]"));
        using var client = Client();

        var (response, _) = await client.FetchPageAsync(Page(api.Url("/logs")), new PageBuffer(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Contains(api.Requests, r => r.Path == "/v2/logs" && r.Body.Contains(Session));
    }
}
