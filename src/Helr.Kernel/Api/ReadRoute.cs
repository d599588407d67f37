using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Helr.Kernel.Api;

/// <summary>
/// A read route answers HEAD as its GET (Kestrel sends the status and headers, not the body): upstream's
/// router does, and the load balancers and uptime checkers configured for it probe that way.
/// </summary>
internal static class ReadRoute
{
    private static readonly string[] GetOrHead = { HttpMethods.Get, HttpMethods.Head };

    public static IEndpointConventionBuilder MapRead(this IEndpointRouteBuilder app, string pattern, RequestDelegate handler) =>
        app.MapMethods(pattern, GetOrHead, handler);
}
