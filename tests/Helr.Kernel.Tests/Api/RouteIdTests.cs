using Helr.Kernel.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// The <c>{id}</c> of <c>/api/v1/sources/{id}</c> is read again from the request line (Kestrel leaves <c>%2F</c>
/// encoded), but only when that line's segment is the one routed. Kestrel removes dot segments before routing:
/// <c>/api/v1/sources/good/../okta%2Fprod</c> routes okta/prod, and the fourth segment of the line, good, was
/// answered instead (its status ok while okta/prod was failing).
/// </summary>
public sealed class RouteIdTests
{
    [Theory]
    [InlineData("/api/v1/sources/okta%2Fprod", "okta%2Fprod", "okta/prod")]
    [InlineData("/api/v1/sources/okta%2fprod/state", "okta%2fprod", "okta/prod")]
    [InlineData("/api/v1/sources/100%252Fx", "100%2Fx", "100%2Fx")]
    [InlineData("/api/v1/sources/a%20b?x=1", "a b", "a b")]
    [InlineData("/api/v1/sources/good/../okta%2Fprod", "okta%2Fprod", "okta/prod")]
    [InlineData("/api/v1/sources/./good", "good", "good")]
    [InlineData("/api/v1/sources/x/../../sources/good/state", "good", "good")]
    public void The_id_is_the_routed_segment_decoded(string rawTarget, string routed, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.RouteValues["id"] = routed;
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget;
        Assert.Equal(expected, ApiJson.RouteId(http));
    }
}
