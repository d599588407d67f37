using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>
/// HEAD on every read route: upstream's router answers a HEAD like the GET without its body, and load
/// balancers and uptime checkers configured for upstream probe that way.
/// </summary>
public sealed class HeadRequestTests
{
    [Fact]
    public async Task Probes_the_API_and_the_metrics_page_answer_HEAD_as_their_GET()
    {
        await using var api = await FakeVendorServer.StartAsync();
        OperationsRun.ServeLogs(api);
        using var dir = new TempDir();
        var config = OperationsRun.Config(dir, api, """
              api:
                enabled: true
                port: 0
              metrics:
                enabled: true
                address: 127.0.0.1
                port: 0
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir, OperationsRun.Env);
        await helr.Process.WaitForStderrAsync("poll ok: s1", TimeSpan.FromSeconds(30));

        using var http = new HttpClient();
        foreach (var path in new[] { "/healthz", "/readyz", "/startupz", "/api/v1/sources", "/api/v1/sources/s1", "/api/v1/sources/s1/state", "/api/v1/config", "/" })
        {
            using var get = await http.GetAsync(new Uri(helr.Url, path));
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(helr.Url, path)));
            Assert.True(head.StatusCode == get.StatusCode, $"HEAD {path}: {(int)head.StatusCode}, GET: {(int)get.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        using var unknown = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(helr.Url, "/api/v1/sources/nope")));
        Assert.Equal(404, (int)unknown.StatusCode);

        var metrics = OperationsRun.MetricsUrl(helr.Process.Stderr);
        using var page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, metrics));
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Equal("text/plain", page.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await page.Content.ReadAsByteArrayAsync());
    }
}
