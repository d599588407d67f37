using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Helr.Kernel.Api;

/// <summary>
/// What the API server and the metrics endpoint share: a bare Kestrel app on one address and port,
/// started before the first poll, whose bind failure names the config key, and which reports the
/// port actually bound (port 0 picks a free one).
/// </summary>
internal static class KestrelListener
{
    /// <summary>A builder listening on <paramref name="address"/> (an IP address or <c>localhost</c>) and <paramref name="port"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string key, string address, int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address == "localhost") kestrel.ListenLocalhost(port);
            else if (IPAddress.TryParse(address, out var ip)) kestrel.Listen(ip, port);
            else throw new InvalidOperationException($"{key}.address: '{address}' is not an IP address or localhost");
        });
        builder.Services.AddRoutingCore();
        return builder;
    }

    /// <summary>Starts <paramref name="app"/> and returns its bound URL; a failure to bind is an <see cref="InvalidOperationException"/> naming <paramref name="key"/>.</summary>
    public static async Task<string> StartAsync(WebApplication app, string key, string address, int port)
    {
        try
        {
            await app.StartAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"cannot listen on {address}:{port} ({key}): {ex.Message}", ex);
        }
        return (app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{address}:{port}").TrimEnd('/');
    }

    /// <summary>Stops serving, giving requests in flight a few seconds.</summary>
    public static async ValueTask StopAsync(WebApplication app)
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }
}
