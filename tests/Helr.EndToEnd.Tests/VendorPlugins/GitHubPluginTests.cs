using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.VendorPlugins;

/// <summary>The built github plugin (dist/plugins/github) run by the real helr against a fake GitHub.</summary>
public sealed class GitHubPluginTests
{
    private static readonly Dictionary<string, string?> Env = new() { ["GITHUB_TOKEN"] = "ghp_e2eGitHubToken" };

    private static FakeResponse Events(params (string Id, long Ms)[] events) => FakeResponse.Json("[" + string.Join(",", events.Select(e =>
        $$"""{"@timestamp":{{e.Ms}},"created_at":{{e.Ms}},"_document_id":"{{e.Id}}","action":"repo.create","actor":"octocat","org":"octo-corp""" + "\"}")) + "]");

    [Fact]
    public async Task Collects_waits_out_a_secondary_rate_limit_and_resumes_from_the_newest_timestamp()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var limited = 0;
        api.OnGet("/orgs/octo-corp/audit-log", r =>
        {
            if (r.Header("Authorization") != "Bearer ghp_e2eGitHubToken" || r.Header("User-Agent") is null)
                return FakeResponse.Json("""{"message":"Bad credentials"}""", 401);
            if (r.Param("after") == "c1" && Interlocked.Increment(ref limited) == 1)
                return FakeResponse.Json("""{"message":"You have exceeded a secondary rate limit."}""", 403).WithHeader("Retry-After", "1");
            return (r.Param("after"), r.Param("phrase")) switch
            {
                (null, null) => Events(("d1", 1718125740512), ("d2", 1718125800000)).WithNext(api.Url("/orgs/octo-corp/audit-log?order=asc&per_page=100&after=c1")),
                ("c1", _) => Events(("d3", 1718125874512)),
                (null, "created:>=2024-06-11T17:01:14Z") => Events(("d4", 1718126400123)), // lag_secs (600) before d3
                _ => FakeResponse.Json("""{"message":"unexpected request"}""", 422),
            };
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              gh:
                type: github
                org: octo-corp
                url: {api.Url("/orgs/octo-corp/audit-log")}
                auth:
                  type: bearer
                  token_env: GITHUB_TOKEN
            """);

        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "d1", "d2", "d3" }, first.Lines.EventField("_document_id"));
        Assert.Equal("2024-06-11T17:09:00.512Z", first.Lines[0].GetProperty("ts").GetString());
        Assert.Contains("HTTP 403", first.Stderr);
        Assert.All(api.Requests, r => Assert.Equal("application/vnd.github+json", r.Header("Accept")));

        var second = await HelrProcess.RunAsync($"test --source gh -c {config}", dir.Path, env: Env);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "d4" }, second.Lines.EventField("_document_id"));
        Assert.DoesNotContain("ghp_e2eGitHubToken", first.Stderr + second.Stderr);
        await InstalledPlugin.AssertListedAsync("github", "0.1.2");
    }

    [Fact]
    public async Task An_event_indexed_late_behind_the_newest_written_is_collected_once_and_nothing_repeats()
    {
        // 2024-06-11T17:11:14.512Z, and events relative to it.
        const long Newest = 1718125874512;
        var indexed = new List<(string Id, long Ms)> { ("a", Newest - 120_000), ("b", Newest) };
        await using var api = await FakeVendorServer.StartAsync();
        // Like GitHub: what is indexed at or after the created:>= second, oldest first.
        api.OnGet("/orgs/octo-corp/audit-log", r =>
        {
            var phrase = r.Param("phrase") ?? "";
            var at = phrase.IndexOf("created:>=", StringComparison.Ordinal);
            var since = at < 0 ? long.MinValue : DateTimeOffset.Parse(phrase[(at + 10)..], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
            lock (indexed) return Events(indexed.Where(e => e.Ms >= since).OrderBy(e => e.Ms).ToArray());
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              gh:
                type: github
                org: octo-corp
                url: {api.Url("/orgs/octo-corp/audit-log")}
                auth:
                  type: bearer
                  token_env: GITHUB_TOKEN
            """);
        var first = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "a", "b" }, first.Lines.EventField("_document_id"));

        // GitHub indexes "late" a minute after its @timestamp, behind b, which was already written.
        lock (indexed) indexed.AddRange(new[] { ("late", Newest - 60_000), ("c", Newest + 30_000) });
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(new[] { "late", "c" }, second.Lines.EventField("_document_id"));
        Assert.Equal("created:>=2024-06-11T17:01:14Z", api.Requests[^1].Param("phrase"));
    }

    // GitHub's `after` links repeat the phrase: an edited phrase waited for the old traversal to end.
    [Fact]
    public async Task An_edited_phrase_is_sent_at_the_next_run_instead_of_the_stored_link()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/orgs/octo-corp/audit-log", r => (r.Param("phrase"), r.Param("after")) switch
        {
            ("action:repo.create", null) => Events(("d1", 1718125740512), ("d2", 1718125800000))
                .WithNext(api.Url("/orgs/octo-corp/audit-log?phrase=action%3Arepo.create&order=asc&per_page=100&after=c1")),
            ("action:repo.destroy", null) => Events(("d2", 1718125800000), ("d5", 1718125900000)),
            _ => FakeResponse.Json("""{"message":"unexpected request"}""", 422),
        });
        using var dir = new TempDir();
        string Config(string phrase) => dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              gh:
                type: github
                org: octo-corp
                url: {api.Url("/orgs/octo-corp/audit-log")}
                phrase: "{phrase}"
                pagination:
                  max_pages: 1
                auth:
                  type: bearer
                  token_env: GITHUB_TOKEN
            """);

        var first = await HelrProcess.RunAsync($"run --once -c {Config("action:repo.create")}", dir.Path, env: Env);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(new[] { "d1", "d2" }, first.Lines.EventField("_document_id"));

        var edited = await HelrProcess.RunAsync($"run --once -c {Config("action:repo.destroy")}", dir.Path, env: Env);
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Equal(("action:repo.destroy", null), (api.Requests[1].Param("phrase"), api.Requests[1].Param("after")));
        Assert.Contains("changed since the stored next_url was made", edited.Stderr);
        // d2 came with the old phrase too: the source's dedupe (_document_id) drops it.
        Assert.Equal(new[] { "d5" }, edited.Lines.EventField("_document_id"));
    }
}
