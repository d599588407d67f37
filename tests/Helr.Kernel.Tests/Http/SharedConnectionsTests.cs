using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Xunit;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// Sources whose connection settings are the same reuse one pool of connections; sources whose TLS
/// settings differ never do, and one source closing does not close the pool under the others.
/// </summary>
public sealed class SharedConnectionsTests
{
    private static async Task GetAsync(HttpMessageHandler handler, string url)
    {
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    // Each test has its own connect timeout, so its handlers share only with each other, not with
    // handlers of tests running at the same time.
    private static ResilienceConfig Settings(int connectSecs, TlsConfig? tls = null) =>
        new() { Timeouts = new TimeoutsConfig { ConnectSecs = connectSecs }, Tls = tls };

    [Fact]
    public async Task Two_sources_with_the_same_settings_use_one_connection_to_their_host()
    {
        await using var api = new CountingHttpServer();
        using var a = HttpHandlerFactory.Create(Settings(71));
        using var b = HttpHandlerFactory.Create(Settings(71));
        await GetAsync(a, api.Url("/a"));
        await GetAsync(b, api.Url("/b"));
        await GetAsync(a, api.Url("/a?page=2"));
        Assert.Equal(1, api.Connections);
    }

    [Fact]
    public async Task Sources_with_different_tls_settings_do_not_share_connections()
    {
        await using var api = new CountingHttpServer();
        using var plain = HttpHandlerFactory.Create(Settings(72));
        using var strict = HttpHandlerFactory.Create(Settings(72, new TlsConfig { MinVersion = "1.3" }));
        await GetAsync(plain, api.Url("/a"));
        await GetAsync(strict, api.Url("/b"));
        Assert.Equal(2, api.Connections);
    }

    [Fact]
    public async Task A_source_with_another_connect_timeout_gets_its_own_pool()
    {
        await using var api = new CountingHttpServer();
        using var a = HttpHandlerFactory.Create(Settings(73));
        using var b = HttpHandlerFactory.Create(Settings(74));
        await GetAsync(a, api.Url("/a"));
        await GetAsync(b, api.Url("/b"));
        Assert.Equal(2, api.Connections);
    }

    [Fact]
    public async Task Disposing_one_source_leaves_the_shared_pool_working_for_the_other()
    {
        await using var api = new CountingHttpServer();
        var gone = HttpHandlerFactory.Create(Settings(75));
        using var stays = HttpHandlerFactory.Create(Settings(75));
        await GetAsync(gone, api.Url("/a"));
        gone.Dispose();
        await GetAsync(stays, api.Url("/b"));
        Assert.Equal(1, api.Connections);
    }

    [Fact]
    public async Task The_pool_closes_with_its_last_source()
    {
        var before = SharedConnections.OpenPools;
        var a = HttpHandlerFactory.Create(Settings(76));
        var b = HttpHandlerFactory.Create(Settings(76));
        Assert.True(SharedConnections.OpenPools >= before + 1);
        a.Dispose();
        b.Dispose();
        await using var api = new CountingHttpServer();
        // A new source after the last one closed gets a fresh pool, which works.
        using var c = HttpHandlerFactory.Create(Settings(76));
        await GetAsync(c, api.Url("/c"));
        Assert.Equal(1, api.Connections);
    }

    [Fact]
    public async Task Requests_past_max_connections_per_host_wait_for_a_connection_instead_of_opening_one()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = new CountingHttpServer(release.Task);
        using var a = HttpHandlerFactory.Create(Settings(77), maxConnectionsPerHost: 2);
        using var b = HttpHandlerFactory.Create(Settings(77), maxConnectionsPerHost: 2);
        var requests = Enumerable.Range(0, 6).Select(i => GetAsync(i % 2 == 0 ? a : b, api.Url($"/s/{i}"))).ToList();
        // Two requests reach the server and are held there; the other four wait in the shared pool.
        Assert.True(await api.ArrivedAsync(2));
        release.SetResult();
        await Task.WhenAll(requests);
        Assert.Equal(6, api.Requests);
        Assert.Equal(2, api.Connections);
    }

    [Fact]
    public async Task Without_a_cap_every_request_in_flight_opens_its_own_connection()
    {
        // The cap's counterpart: 0 is no limit, so the held requests need a connection each.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var api = new CountingHttpServer(release.Task);
        using var handler = HttpHandlerFactory.Create(Settings(78), maxConnectionsPerHost: 0);
        var requests = Enumerable.Range(0, 4).Select(i => GetAsync(handler, api.Url($"/s/{i}"))).ToList();
        Assert.True(await api.ArrivedAsync(4));
        release.SetResult();
        await Task.WhenAll(requests);
        Assert.Equal(4, api.Connections);
    }
}
