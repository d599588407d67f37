using Helr.Kernel.Config;
using Microsoft.AspNetCore.Builder;
using Serilog;

namespace Helr.Kernel.Api;

/// <summary>
/// The <c>global.api</c> server on Kestrel: probes, REST API under <c>/api/v1</c> and the status page.
/// It binds before the first poll; a bind failure fails the start (exit 1), as upstream.
/// </summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:8080</c> (the real port when 0 was configured).</summary>
    public string Url { get; }

    public static async Task<ApiServer> StartAsync(ApiConfig config, ApiContext api, ILogger log)
    {
        var builder = KestrelListener.CreateBuilder("global.api", config.BindAddress, config.Port);
        var app = builder.Build();
        app.Use(CrossSiteGuard.InvokeAsync);
        if (LoopbackHostGuard.Applies(config.BindAddress, config.Auth is not null)) app.Use(LoopbackHostGuard.InvokeAsync);
        if (config.Auth is not null) app.Use(new ApiAuth(config.Auth, log, api.Time).InvokeAsync);
        app.Use(RoutingErrors.InvokeAsync);
        app.UseRouting();
        HealthEndpoints.Map(app, api);
        SourceEndpoints.Map(app, api);
        ConfigEndpoints.Map(app, api);
        StatusPage.Map(app);
        var url = await KestrelListener.StartAsync(app, "global.api", config.BindAddress, config.Port);
        log.Information("api listening on {Url} (status page /, probes /healthz /readyz /startupz, REST /api/v1){Auth}", url,
            config.Auth is null ? ", no token" : ", bearer token required");
        return new ApiServer(app, url);
    }

    public ValueTask DisposeAsync() => KestrelListener.StopAsync(_app);
}
