using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built slack plugin (dist/plugins/slack) run by the real helr against a fake Slack.</summary>
public sealed class SlackPluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["SLACK_AUDIT_TOKEN"] = "xoxp-e2e-slack-token" };

    private static FakeResponse Entries(string cursor, params (string Id, long Created)[] entries) => FakeResponse.Json(
        "{\"entries\":[" + string.Join(",", entries.Select(e => $$"""{"id":"{{e.Id}}","date_create":{{e.Created}},"action":"user_login","actor":{"type":"user"}""" + "}"))
        + "],\"response_metadata\":{\"next_cursor\":\"" + cursor + "\"}}");

    [Fact]
    public async Task Collects_with_oldest_on_every_page_resumes_from_date_create_and_fails_on_ok_false()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var revoked = 0;
        api.OnGet("/audit/v1/logs", r =>
        {
            if (Volatile.Read(ref revoked) == 1) return FakeResponse.Json("""{"ok":false,"error":"token_revoked"}""");
            if (r.Header("Authorization") != "Bearer xoxp-e2e-slack-token") return FakeResponse.Json("""{"ok":false,"error":"invalid_auth"}""");
            return (r.Param("oldest"), r.Param("cursor")) switch
            {
                ("1717200000", null) => Entries("c2", ("e3", 1718125800), ("e2", 1718125740)),
                ("1717200000", "c2") => Entries("", ("e1", 1718125600)),
                ("1718125200", null) => Entries("", ("e4", 1718126400)), // lag_secs (600) before e3
                _ => FakeResponse.Json("""{"ok":false,"error":"invalid_arguments"}"""),
            };
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              slack:
                type: slack
                url: {api.Url("/audit/v1/logs")}
                from: "1717200000"
                auth:
                  type: bearer
                  token_env: SLACK_AUDIT_TOKEN
            """);

        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "e3", "e2", "e1" }, first.Lines.EventField("id"));
        Assert.Equal("2024-06-11T17:10:00Z", first.Lines[0].GetProperty("ts").GetString());

        var second = await HelrProcess.RunAsync($"test --source slack -c {config}", dir.Path, env: Env);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "e4" }, second.Lines.EventField("id"));

        Volatile.Write(ref revoked, 1);
        var failed = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);
        Assert.Empty(failed.Lines);
        Assert.Contains("ok:false with error 'token_revoked'", failed.Stderr);
        Assert.DoesNotContain("xoxp-e2e-slack-token", failed.Stderr + failed.Stdout);
        await InstalledPlugin.AssertListedAsync("slack", "0.1.1");
    }

    [Fact]
    public async Task An_entry_listed_late_behind_the_newest_written_is_collected_once_and_nothing_repeats()
    {
        const long Newest = 1718125800;
        var listed = new List<(string Id, long Created)> { ("a", Newest - 120), ("b", Newest) };
        await using var api = await FakeVendorServer.StartAsync();
        // Like Slack: the entries at or after oldest, newest first, on one page.
        api.OnGet("/audit/v1/logs", r =>
        {
            var oldest = long.Parse(r.Param("oldest") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            lock (listed) return Entries("", listed.Where(e => e.Created >= oldest).OrderByDescending(e => e.Created).ToArray());
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              slack:
                type: slack
                url: {api.Url("/audit/v1/logs")}
                auth:
                  type: bearer
                  token_env: SLACK_AUDIT_TOKEN
            """);
        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "b", "a" }, first.Lines.EventField("id"));

        // Slack lists "late" a minute after its date_create, behind b, which was already written.
        lock (listed) listed.AddRange(new[] { ("late", Newest - 60), ("c", Newest + 30) });
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "c", "late" }, second.Lines.EventField("id"));
        Assert.Equal("1718125200", api.Requests[^1].Param("oldest"));
    }
}
