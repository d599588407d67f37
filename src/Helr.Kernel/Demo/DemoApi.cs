using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helr.Kernel.Demo;

/// <summary>
/// A sample audit API on loopback, shaped like Okta's System Log: <c>GET /api/v1/logs</c> with
/// <c>Authorization: SSWS demo-token</c>, <c>limit</c> and <c>after</c>, a <c>Link rel="next"</c> on
/// every page (as Okta does when polling) and <c>X-Rate-Limit-*</c> headers.
/// </summary>
internal sealed class DemoApi : IAsyncDisposable
{
    public const string Token = "demo-token";
    private readonly WebApplication _app;
    private readonly int _count;

    private DemoApi(WebApplication app, int count)
    {
        _app = app;
        _count = count;
    }

    public string BaseUrl { get; private set; } = "";
    public int EventCount => _count;
    private int _requests;

    public static async Task<DemoApi> StartAsync(int eventCount)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new DemoApi(app, eventCount);
        app.MapGet("/api/v1/logs", api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseUrl = address.TrimEnd('/');
        return api;
    }

    private async Task HandleAsync(HttpContext http)
    {
        // Kestrel serves requests on pool threads, several at once when a client sends them so.
        var requests = Interlocked.Increment(ref _requests);
        var response = http.Response;
        response.Headers["X-Rate-Limit-Limit"] = "600";
        response.Headers["X-Rate-Limit-Remaining"] = Math.Max(0, 600 - requests).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-Rate-Limit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60).ToString(CultureInfo.InvariantCulture);
        if (http.Request.Headers.Authorization != $"SSWS {Token}")
        {
            response.StatusCode = 401;
            await response.WriteAsync("""{"errorCode":"E0000011","errorSummary":"Invalid token provided"}""");
            return;
        }
        var limit = int.TryParse(http.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 100;
        var start = 0;
        var after = http.Request.Query["after"].ToString();
        if (after.Length > 0)
        {
            // A cursor edited into the state: one under 8 characters threw (a bare 500, retried as a server
            // fault), a longer one that names no event restarted from the first. Okta answers 400 to both.
            if (!EventIndex(after, out var last))
            {
                response.StatusCode = 400;
                response.ContentType = "application/json";
                await response.WriteAsync("""{"errorCode":"E0000001","errorSummary":"Api validation failed: after must be the uuid of an event this API returned"}""");
                return;
            }
            start = last + 1;
        }
        var end = Math.Min(_count, start + limit);
        var cursor = end > start ? DemoEvents.Uuid(end - 1) : after;
        var next = $"{BaseUrl}/api/v1/logs?limit={limit}" + (cursor.Length > 0 ? $"&after={cursor}" : "");
        response.Headers["Link"] = $"<{next}>; rel=\"next\"";
        response.ContentType = "application/json";
        await using var body = response.Body;
        await body.WriteAsync("["u8.ToArray());
        for (var i = start; i < end; i++)
        {
            if (i > start) await body.WriteAsync(","u8.ToArray());
            await body.WriteAsync(DemoEvents.Render(i));
        }
        await body.WriteAsync("]"u8.ToArray());
    }

    // The uuid's first 8 characters are the event's index in hex (DemoEvents.Uuid).
    private static bool EventIndex(string uuid, out int index)
    {
        index = 0;
        return uuid.Length >= 8 && int.TryParse(uuid.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out index) && index >= 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
