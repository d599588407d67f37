using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Helr.Kernel.Api;

/// <summary>
/// <c>/</c>: one self-contained HTML page (inline CSS and script, no external assets) that reads the
/// REST API every few seconds. It holds no data itself, so it is served without the API token.
/// </summary>
internal static class StatusPage
{
    public const string Path = "/";

    private static readonly Lazy<byte[]> Html = new(() =>
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("Helr.Kernel.Api.status.html")
            ?? throw new InvalidOperationException("status.html is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static void Map(IEndpointRouteBuilder app) => app.MapRead(Path, async http =>
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        // The page talks only to this server: no other origin may run script or be framed in.
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:";
        await http.Response.Body.WriteAsync(Html.Value);
    });
}
