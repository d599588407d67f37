using System.Net;
using Microsoft.AspNetCore.Http;

namespace Helr.Kernel.Api;

/// <summary>
/// Refuses a request to a token-less loopback API that names the server by a DNS name other than
/// <c>localhost</c>. Such a name is how DNS rebinding reaches loopback: a page on <c>evil.example</c>
/// has its name re-resolved to 127.0.0.1, and from then on its requests are same-origin to the
/// browser (so <see cref="CrossSiteGuard"/> lets them through) and can read the config and state or
/// post reloads. An IP literal or <c>localhost</c> cannot be rebound. Not ASP.NET Core's host
/// filtering: it lists names, and here any IP literal must pass and the refusal must say what to do.
/// </summary>
internal static class LoopbackHostGuard
{
    // localhost is loopback too: Kestrel binds 127.0.0.1 and ::1 for it, and a rebound name reaches it alike.
    public static bool Applies(string bindAddress, bool hasToken) =>
        !hasToken && (bindAddress == "localhost" || IPAddress.TryParse(bindAddress, out var ip) && IPAddress.IsLoopback(ip));

    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var host = http.Request.Host.Host;
        if (Allowed(host))
        {
            await next(http);
            return;
        }
        await ApiJson.ErrorAsync(http, 403,
            $"refused: Host '{host}' is not localhost or an IP address; without global.api.auth the loopback API answers only those " +
            "(a DNS name pointed at 127.0.0.1 is how another site's page reaches it); set a token, or have the proxy send Host: 127.0.0.1");
    }

    private static bool Allowed(string host)
    {
        if (host.Length == 0) return true;
        var name = host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(name.Trim('[', ']'), out _);
    }
}
