using Helr.Plugins.Okta.Tests.Support;

namespace Helr.Plugins.Okta.Tests;

/// <summary>
/// Okta's <c>since</c> is inclusive: when a traversal starts from the watermark (no stored link, e.g.
/// after <c>helr state set … next_url ""</c>), the events at the watermark come back. Those written
/// before are not written again, also by a new process; one that shares the timestamp but is new goes out.
/// </summary>
public sealed class OktaBoundaryTests
{
    private const string Boundary = "2024-06-11T17:09:02.004Z";
    private const string Written = "7c5b2d3f-27f1-11ef-9d3a-1b2c3d4e5f62";

    private static string Event(string uuid, string published) =>
        $$$"""{"uuid":"{{{uuid}}}","published":"{{{published}}}","eventType":"user.session.start","severity":"INFO","actor":{"id":"00u1","type":"User"}}""";

    [Fact]
    public async Task A_new_process_starting_from_since_does_not_write_the_boundary_events_again()
    {
        var api = new OktaApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", "logs-page2.json", "c1").Page("c1", "logs-empty.json", "c1");
        IReadOnlyDictionary<string, string> stored;
        using (var before = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(api.Url), api.Server, new FakeEnvironment()))
        {
            var first = await before.RunCycleAsync();
            Assert.Equal(new[] { Written }, first.EventField("uuid"));
            stored = first.State;
        }
        Assert.Equal(Boundary, stored["watermark"]);

        // The stored link is gone: the next traversal asks since the watermark, which Okta includes.
        await using var okta = await FakeVendorServer.StartAsync();
        okta.OnGet("/api/v1/logs", r => r.Param("after") is null
            ? FakeResponse.Json($"[{Event(Written, Boundary)},{Event("late-same-ms", Boundary)},{Event("next", "2024-06-11T17:10:00.000Z")}]")
                .WithNext(okta.Url("/api/v1/logs?after=n1"))
            : FakeResponse.Json("[]").WithNext(okta.Url("/api/v1/logs?after=n1")));
        using var after = SourceHarness.Create(new OktaSourceType(), OktaApi.Yaml(okta.Url("/api/v1/logs")), okta, new FakeEnvironment());
        foreach (var (key, value) in stored) after.SetState(key, key == "next_url" ? "" : value);
        var second = await after.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal(Boundary, second.Requests[0].Param("since"));
        Assert.Equal(new[] { "late-same-ms", "next" }, second.EventField("uuid"));
        Assert.Equal("2024-06-11T17:10:00.000Z", second.State["watermark"]);
    }
}
