using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>What routing refuses (no such route, a method the route does not take) answers JSON like every other error.</summary>
public sealed class RoutingErrorTests
{
    [Fact]
    public async Task An_unknown_route_and_a_wrong_method_answer_a_json_error()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            global:
              api: { enabled: true, port: 0 }
            sources:
              s:
                url: http://127.0.0.1:9/logs
                schedule: { interval_secs: 3600 }
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);

        var (missing, error, text) = await helr.GetAsync("/api/v1/nothing");
        Assert.Equal(404, missing);
        Assert.True(error is not null, $"not JSON: '{text}'");
        Assert.Equal("no such route: GET /api/v1/nothing", error["error"]!.GetValue<string>());

        var (wrong, refused, wrongText) = await helr.SendAsync(HttpMethod.Delete, "/api/v1/sources/s");
        Assert.Equal(405, wrong);
        Assert.True(refused is not null, $"not JSON: '{wrongText}'");
        Assert.Equal("method DELETE not allowed on /api/v1/sources/s (allowed: GET, HEAD)", refused["error"]!.GetValue<string>());

        var (getReload, reload, _) = await helr.GetAsync("/api/v1/reload");
        Assert.Equal(405, getReload);
        Assert.Equal("method GET not allowed on /api/v1/reload (allowed: POST)", reload!["error"]!.GetValue<string>());
    }
}
