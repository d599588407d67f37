using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built okta plugin (dist/plugins/okta) run by the real helr against a fake Okta org.</summary>
public sealed class OktaPluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["OKTA_API_TOKEN"] = "00e2e-okta-token" };

    private static FakeResponse Events(params string[] uuids) => FakeResponse.Json("[" + string.Join(",", uuids.Select((u, i) =>
        $$$"""{"uuid":"{{{u}}}","published":"2024-06-11T17:0{{{i}}}:00.000Z","eventType":"user.session.start","actor":{"alternateId":"jane.doe@example.com"}}""")) + "]");

    [Fact]
    public async Task Collects_with_an_SSWS_token_ends_at_the_empty_page_and_resumes_from_its_link()
    {
        await using var api = await FakeVendorServer.StartAsync();
        string Link(string after) => api.Url($"/api/v1/logs?limit=1000&after={after}");
        var newEvent = 0;
        api.OnGet("/api/v1/logs", r =>
        {
            if (r.Header("Authorization") != "SSWS 00e2e-okta-token")
                return FakeResponse.Json("""{"errorCode":"E0000011","errorSummary":"Invalid token provided"}""", 401);
            return r.Param("after") switch
            {
                null => Events("u1", "u2").WithNext(Link("a")),
                "a" when Volatile.Read(ref newEvent) == 1 => Events("u3").WithNext(Link("b")),
                "a" => Events().WithNext(Link("a")),
                _ => Events().WithNext(Link("b")),
            };
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              okta:
                type: okta
                domain: acme.okta.com
                url: {api.Url("/api/v1/logs")}
                auth:
                  type: bearer
                  token_env: OKTA_API_TOKEN
            """);

        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "u1", "u2" }, first.Lines.EventField("uuid"));
        Assert.Equal("u2", first.Lines[1].GetProperty("meta").GetProperty("id").GetString());
        Assert.Equal(2, api.Requests.Count); // the empty page ends the cycle
        Assert.Equal("1000", api.Requests[0].Param("limit"));
        Assert.NotNull(api.Requests[0].Param("since"));
        Assert.DoesNotContain("00e2e-okta-token", first.Stderr);

        Volatile.Write(ref newEvent, 1);
        var second = await HelrProcess.RunAsync($"test --source okta -c {config}", dir.Path, env: Env);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "u3" }, second.Lines.EventField("uuid"));
        Assert.Equal("a", api.Requests[2].Param("after")); // resumed from the stored link, no request spent again on page one
        await InstalledPlugin.AssertListedAsync("okta", "0.1.2");
    }

    // The README promises vendor defaults are overridden key by key: a dedupe block sizing the window only
    // was refused for want of id_path, so the source did not start at all.
    [Fact]
    public async Task A_dedupe_block_naming_only_its_capacity_keeps_the_vendor_id_path()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v1/logs", r => r.Param("after") is null
            ? Events("u1", "u1", "u2").WithNext(api.Url("/api/v1/logs?after=a"))
            : Events().WithNext(api.Url("/api/v1/logs?after=a")));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              okta:
                type: okta
                domain: acme.okta.com
                url: {api.Url("/api/v1/logs")}
                auth:
                  type: bearer
                  token_env: OKTA_API_TOKEN
                dedupe:
                  capacity: 1000
            """);

        var run = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(new[] { "u1", "u2" }, run.Lines.EventField("uuid"));
    }
}
