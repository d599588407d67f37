using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.State;

/// <summary>Watermarks and incremental_from: the largest value seen is stored after the events are written and sent on the next cycle's first request.</summary>
public sealed class IncrementalTests
{
    [Fact]
    public async Task The_watermark_replaces_from_once_state_exists()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("wm").Add(25).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              wm:
                url: {api.Url(feed.Path)}
                from: "5"
                from_param: after
                pagination:
                  strategy: link_header
                query_params:
                  limit: 10
                state:
                  watermark_field: seq
                  watermark_param: after
            """);
        var first = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(feed.Ids.Skip(5), first.Lines.EventField("id"));
        Assert.Equal("5", api.Requests[0].Param("after"));
        Assert.Contains("  watermark: 25\n", (await HelrProcess.RunAsync($"state show wm -c {config}", dir.Path)).Stdout);

        feed.Add(5);
        var before = api.Requests.Count;
        var second = await HelrProcess.RunOnceAsync(config, dir);
        Assert.Equal(feed.Ids.Skip(25), second.Lines.EventField("id"));
        var request = api.Requests[before];
        Assert.Equal("25", request.Param("after"));
        Assert.Equal(1, request.QueryString.Split('&').Count(p => p.TrimStart('?').StartsWith("after=", StringComparison.Ordinal)));
        Assert.Contains("  watermark: 30\n", (await HelrProcess.RunAsync($"state show wm -c {config}", dir.Path)).Stdout);
    }

    [Fact]
    public async Task Incremental_from_sends_the_stored_maximum_as_its_param()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("inc").Add(4).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              inc:
                url: {api.Url(feed.Path)}
                query_params:
                  limit: 100
                incremental_from:
                  state_key: last_seq
                  event_timestamp_path: seq
                  param_name: after
            """);
        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(feed.Ids, first.Lines.EventField("id"));
        Assert.Null(api.Requests[0].Param("after"));

        feed.Add(3);
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(feed.Ids.Skip(4), second.Lines.EventField("id"));
        Assert.Equal("4", api.Requests[1].Param("after"));
        Assert.Contains("  last_seq: 7\n", (await HelrProcess.RunAsync($"state show inc -c {config}", dir.Path)).Stdout);
    }
}
