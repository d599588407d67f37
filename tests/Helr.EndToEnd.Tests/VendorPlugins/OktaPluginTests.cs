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

    // Okta returns a next link on every page, so a stored link never ran out: an edited filter was never sent.
    [Fact]
    public async Task An_edited_filter_is_sent_at_the_next_run_and_an_unchanged_config_resumes_its_link()
    {
        const string Logins = "eventType eq \"user.session.start\"";
        const string Failures = "outcome.result eq \"FAILURE\"";
        await using var api = await FakeVendorServer.StartAsync();
        string Link(string after, string? filter) => api.Url($"/api/v1/logs?limit=1000&after={after}&filter={Uri.EscapeDataString(filter ?? "")}");
        api.OnGet("/api/v1/logs", r => (r.Param("filter"), r.Param("after")) switch
        {
            (Logins, null) => Events("u1", "u2").WithNext(Link("a", Logins)),
            (Logins, "a") => Events("u3").WithNext(Link("b", Logins)),
            (Failures, null) => Events("u2", "u4").WithNext(Link("c", Failures)),
            var (f, _) => Events().WithNext(Link("z", f)),
        });
        using var dir = new TempDir();
        string Config(string filter) => dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              okta:
                type: okta
                domain: acme.okta.com
                url: {api.Url("/api/v1/logs")}
                query_params:
                  filter: '{filter}'
                pagination:
                  max_pages: 1
                auth:
                  type: bearer
                  token_env: OKTA_API_TOKEN
            """);
        async Task<HelrResult> Run(string filter)
        {
            var result = await HelrProcess.RunAsync($"run --once -c {Config(filter)}", dir.Path, env: Env);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result;
        }

        Assert.Equal(new[] { "u1", "u2" }, (await Run(Logins)).Lines.EventField("uuid"));
        // Same config, a later start (Okta's default `from` is seven days before it): the link is resumed.
        var resumed = await Run(Logins);
        Assert.Equal(new[] { "u3" }, resumed.Lines.EventField("uuid"));
        Assert.Equal("a", api.Requests[1].Param("after"));
        Assert.DoesNotContain("changed since", resumed.Stderr);

        var edited = await Run(Failures);
        Assert.Equal((Failures, null), (api.Requests[2].Param("filter"), api.Requests[2].Param("after")));
        Assert.NotNull(api.Requests[2].Param("since"));
        Assert.Contains("changed since the stored next_url was made", edited.Stderr);
        Assert.DoesNotContain("FAILURE", edited.Stderr);
        // u2 was written under the old filter: the source's dedupe (uuid) drops it.
        Assert.Equal(new[] { "u4" }, edited.Lines.EventField("uuid"));
    }
}
