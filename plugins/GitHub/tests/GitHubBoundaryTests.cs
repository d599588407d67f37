using System.Globalization;
using Helr.Plugins.GitHub.Tests.Support;

namespace Helr.Plugins.GitHub.Tests;

/// <summary>
/// GitHub's <c>created:&gt;=</c> takes whole seconds while the watermark is the epoch-ms <c>@timestamp</c>:
/// every event of the boundary second comes back on the next traversal, including those a few ms
/// before the watermark. None may be written twice, and one that arrived late in that second must still go out.
/// </summary>
public sealed class GitHubBoundaryTests
{
    // 2024-06-11T17:11:14Z, then ms offsets inside that second.
    private const long Second = 1718125874000;

    private static string Event(string id, long ms) =>
        $$"""{"@timestamp": {{ms.ToString(CultureInfo.InvariantCulture)}}, "action": "repo.access", "actor": "octocat", "_document_id": "{{id}}"}""";

    // Answers like GitHub: the events created at or after the phrase's created:>= second, oldest first.
    private static Func<RecordedRequest, FakeResponse> Log(params (string Id, long Ms)[] events) => r =>
    {
        var phrase = r.Param("phrase") ?? "";
        var at = phrase.IndexOf("created:>=", StringComparison.Ordinal);
        var since = at < 0 ? long.MinValue
            : DateTimeOffset.Parse(phrase[(at + "created:>=".Length)..].Split(' ')[0], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        return FakeResponse.Json("[" + string.Join(",", events.Where(e => e.Ms >= since).OrderBy(e => e.Ms).Select(e => Event(e.Id, e.Ms))) + "]");
    };

    // lag_secs: 0 asks again for the boundary second alone. With a lag, the overlap before it comes back
    // too, and the harness carries no dedupe window across a restart as a state store does (GitHubPluginTests).
    private const string NoLag = "lag_secs: 0";

    [Fact]
    public async Task A_restart_at_a_boundary_second_repeats_nothing_and_loses_nothing()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", Log(("old", Second - 4000), ("a", Second + 100), ("b", Second + 512)));
        IReadOnlyDictionary<string, string> stored;
        using (var before = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url, NoLag), api.Server, new FakeEnvironment()))
        {
            var first = await before.RunCycleAsync();
            Assert.Null(first.Error);
            Assert.Equal(new[] { "old", "a", "b" }, first.EventField("_document_id"));
            stored = first.State;
        }
        Assert.Equal((Second + 512).ToString(CultureInfo.InvariantCulture), stored["watermark"]);

        // After the restart: c was indexed late inside the boundary second, d is a second later.
        api.Page("", Log(("old", Second - 4000), ("a", Second + 100), ("c", Second + 300), ("b", Second + 512), ("d", Second + 1200)));
        using var after = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url, NoLag), api.Server, new FakeEnvironment());
        foreach (var (key, value) in stored) after.SetState(key, value);
        var second = await after.RunCycleAsync();

        Assert.Null(second.Error);
        Assert.Equal("created:>=2024-06-11T17:11:14Z", second.Requests[0].Param("phrase"));
        Assert.Equal(new[] { "c", "d" }, second.EventField("_document_id"));
        Assert.Equal((Second + 1200).ToString(CultureInfo.InvariantCulture), second.State["watermark"]);

        // The same second again (no new event): still nothing repeated.
        var third = await after.RunCycleAsync();
        Assert.Null(third.Error);
        Assert.Empty(third.Lines);
    }

    [Fact]
    public async Task A_boundary_second_seen_again_keeps_every_id_of_that_second()
    {
        var api = new GitHubApi(await FakeVendorServer.StartAsync());
        await using var _ = api.Server;
        api.Page("", Log(("a", Second + 100), ("b", Second + 512)));
        using var harness = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        await harness.RunCycleAsync();

        // Only a late event before the watermark inside the second: written once, and remembered.
        api.Page("", Log(("a", Second + 100), ("c", Second + 300), ("b", Second + 512)));
        var second = await harness.RunCycleAsync();
        Assert.Equal(new[] { "c" }, second.EventField("_document_id"));
        Assert.Equal("""["a","b","c"]""", second.State["watermark_ids"]);

        using var restarted = SourceHarness.Create(new GitHubSourceType(), GitHubApi.Yaml(api.Url), api.Server, new FakeEnvironment());
        foreach (var (key, value) in second.State) restarted.SetState(key, value);
        var third = await restarted.RunCycleAsync();
        Assert.Null(third.Error);
        Assert.Empty(third.Lines);
    }
}
