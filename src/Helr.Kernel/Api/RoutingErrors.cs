using Microsoft.AspNetCore.Http;

namespace Helr.Kernel.Api;

/// <summary>
/// The answers routing gives with no body (404 for no such route, 405 for a method the route does not
/// take) as JSON errors, as every other answer of the API: a script piping an answer to jq got an empty
/// body it could not parse and no word of what was wrong.
/// </summary>
internal static class RoutingErrors
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        await next(http);
        var response = http.Response;
        if (response.HasStarted || response.ContentType is not null) return;
        var request = $"{http.Request.Method} {http.Request.Path}";
        if (response.StatusCode == StatusCodes.Status404NotFound)
            await ApiJson.ErrorAsync(http, 404, $"no such route: {request}");
        else if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            await ApiJson.ErrorAsync(http, 405, $"method {http.Request.Method} not allowed on {http.Request.Path} (allowed: {response.Headers.Allow})");
    }
}
