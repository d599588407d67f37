using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary><c>POST /api/v1/sources/:id/poll</c> runs a cycle now and answers with what it did.</summary>
public sealed class TriggerPollTests
{
    [Fact]
    public async Task A_triggered_poll_writes_the_new_events_and_reports_them()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(5).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
            {feed.SourceYaml(api, intervalSecs: 3600)}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.Process.WaitForLinesAsync(5, TimeSpan.FromSeconds(60));
        await helr.Process.WaitForStderrAsync("poll ok: o", TimeSpan.FromSeconds(30));

        feed.Add(12);
        var (status, body, text) = await helr.PostAsync("/api/v1/sources/o/poll");
        Assert.True(status == 200, text);
        Assert.True(body!["ok"]!.GetValue<bool>());
        Assert.Equal(12, body["events"]!.GetValue<long>());
        Assert.Equal(2, body["pages"]!.GetValue<int>());
        Assert.Null(body["error"]);
        // The answer comes once the cycle is done: its events are written by then.
        await helr.Process.WaitForLinesAsync(17, TimeSpan.FromSeconds(30));
        Assert.Equal(feed.Ids, Eventually.EventIds(helr.Process.Stdout));
    }

    [Fact]
    public async Task A_failed_poll_is_reported_as_a_failure()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var fail = false;
        api.OnGet("/logs", _ => Volatile.Read(ref fail)
            ? FakeResponse.Json("""{"error":"forbidden"}""") with { Status = 403 }
            : FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              api: {"{"} enabled: true, port: 0 {"}"}
            sources:
              s:
                url: {api.Url("/logs")}
                schedule: {"{"} interval_secs: 3600 {"}"}
            """);
        await using var helr = await ApiHelr.StartAsync(config, dir);
        await helr.Process.WaitForStderrAsync("poll ok: s", TimeSpan.FromSeconds(30));

        Volatile.Write(ref fail, true);
        var (status, body, text) = await helr.PostAsync("/api/v1/sources/s/poll");
        Assert.True(status == 502, text);
        Assert.False(body!["ok"]!.GetValue<bool>());
        Assert.Contains("HTTP 403", body["error"]!.GetValue<string>());
        var source = (await helr.GetAsync("/api/v1/sources/s")).Body!;
        Assert.Equal("degraded", source["status"]!.GetValue<string>());
        Assert.Contains("HTTP 403", source["last_error"]!.GetValue<string>());
    }
}
