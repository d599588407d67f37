using Helr.Kernel.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    /// <summary>Binds and starts serving; throws <see cref="InvalidOperationException"/> naming the address when it cannot bind.</summary>
    /// <remarks>Takes the telemetry, not its registry: the registry (and prometheus-net) is built only here,
    /// when metrics are served (docs/performance.md, "Start-up").</remarks>
    public static async Task<MetricsEndpoint> StartAsync(MetricsConfig config, Observability.Telemetry.Telemetry telemetry)
    {
        var registry = telemetry.Registry;
        var app = KestrelListener.CreateBuilder("global.metrics", config.Address, config.Port).Build();
        app.UseRouting();
        app.MapRead(config.Path, async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        });
        var url = await KestrelListener.StartAsync(app, "global.metrics", config.Address, config.Port);
        return new MetricsEndpoint(app, url + config.Path);
    }

    public ValueTask DisposeAsync() => KestrelListener.StopAsync(_app);
}
