using System.Net;
using Helr.Kernel.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Helr.Kernel.Api;

/// <summary>
/// <c>global.metrics</c>: the Prometheus text exposition of a run's registry on a Kestrel listener of
/// its own, so scraping works whether or not the REST API is enabled, and on another port than it.
/// </summary>
internal sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the page is served, with the port actually bound (port 0 picks a free one).</summary>
    public string Url { get; }

    /// <summary>Binds and starts serving; throws <see cref="IOException"/> naming the address when it cannot bind.</summary>
    public static async Task<MetricsEndpoint> StartAsync(MetricsConfig config, CollectorRegistry registry)
    {
        var address = config.Address is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(config.Address, out var ip) ? ip
            : throw new IOException($"global.metrics.address: '{config.Address}' is not an IP address");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, config.Port));
        var app = builder.Build();
        app.MapGet(config.Path, async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        });
        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            throw new IOException($"cannot serve metrics on {config.Address}:{config.Port} (global.metrics): {ex.Message}", ex);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MetricsEndpoint(app, bound.TrimEnd('/') + config.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
