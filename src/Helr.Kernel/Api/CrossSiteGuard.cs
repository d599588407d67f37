using Microsoft.AspNetCore.Http;

namespace Helr.Kernel.Api;

/// <summary>
/// Refuses what a browser sends to the API on behalf of another site's page. Without a token the API
/// is on loopback only, and that was its only protection: any web page open in a browser on the same
/// machine could POST to <c>http://127.0.0.1:8080/api/v1/reload</c> or trigger polls (a form post
/// needs no CORS preflight). Browsers say where a request comes from in <c>Sec-Fetch-Site</c>; the
/// status page's own calls are <c>same-origin</c>, and clients that are not browsers send no such header.
/// </summary>
internal static class CrossSiteGuard
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "" or "same-origin" or "none")
        {
            await next(http);
            return;
        }
        await ApiJson.ErrorAsync(http, 403, $"refused: a request from another site's page (Sec-Fetch-Site: {site})");
    }
}
