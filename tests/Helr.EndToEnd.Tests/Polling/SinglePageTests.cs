using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>A source without <c>pagination</c>: one request per cycle, whatever the response says.</summary>
public sealed class SinglePageTests
{
    [Fact]
    public async Task Makes_one_request_and_ignores_next_links()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", _ => FakeResponse.Json("""{"entries":[{"id":"s1"},{"id":"s2"}],"next":"ignored"}""")
            .WithNext(api.Url("/audit?page=2")));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              single:
                url: {api.Url("/audit")}
                query_params:
                  days: 1
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(new[] { "s1", "s2" }, result.Lines.EventField("id"));
        var request = Assert.Single(api.Requests);
        Assert.Equal("?days=1", request.QueryString);

        // And the next cycle asks the same again: nothing is stored to resume from.
        await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal("?days=1", api.Requests[1].QueryString);
        Assert.Equal("single (no state)\n", await StateCli.ShowAsync(config, "single"));
    }
}
