using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Operations;

/// <summary>SIGHUP and <c>POST /api/v1/reload</c>: added sources start, removed ones stop, changed ones restart from their state, the rest is left alone; an invalid file changes nothing.</summary>
public sealed class ReloadTests
{
    private static string Config(TempDir dir, FakeVendorServer api, params string[] sources) => $"""
        {dir.SqliteStateGlobal}
          api: {"{"} enabled: true, port: 0 {"}"}
        sources:
        {string.Join("\n", sources)}
        """;

    private static int Requests(FakeVendorServer api, EventFeed feed) => api.Requests.Count(r => r.Path == feed.Path);

    [Fact]
    public async Task Sighup_adds_changes_and_removes_sources_and_an_invalid_file_keeps_the_running_config()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var kept = new EventFeed("kept").Add(3).Mount(api);
        var changed = new EventFeed("changed").Add(4).Mount(api);
        var removed = new EventFeed("removed").Add(2).Mount(api);
        var added = new EventFeed("added").Add(5).Mount(api);
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, api, kept.SourceYaml(api, 3600), changed.SourceYaml(api, 3600), removed.SourceYaml(api, 3600)));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(9, TimeSpan.FromSeconds(60));
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!.AsObject().All(s => s.Value!["cycles"]!.GetValue<long>() == 1), TimeSpan.FromSeconds(30));
        var keptRequests = Requests(api, kept);
        var removedRequests = Requests(api, removed);

        // changed: a new header; added: a new source; removed: gone.
        changed.Add(3);
        removed.Add(2);
        dir.Write("helr.yaml", Config(dir, api, kept.SourceYaml(api, 3600), changed.SourceYaml(api, 3600, extra: "    headers:\n      X-Reloaded: yes"), added.SourceYaml(api, 3600)));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("config reloaded (SIGHUP): added [added], removed [removed], restarted [changed], unchanged 1", TimeSpan.FromSeconds(30));
        await helr.Process.WaitForLinesAsync(9 + 3 + 5, TimeSpan.FromSeconds(60));
        var health = await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["added"]?["cycles"]?.GetValue<long>() == 1 && b["sources"]!["changed"]!["cycles"]!.GetValue<long>() == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(new[] { "added", "changed", "kept" }, health["sources"]!.AsObject().Select(kv => kv.Key).Order());
        // A restarted source keeps its history on the board (2 cycles); the changed source went on from its stored watermark with its new header; nothing was repeated.
        var ids = Eventually.EventIds(helr.Process.Stdout);
        Assert.Equal(kept.Ids.Concat(changed.Ids).Concat(removed.Ids.Take(2)).Concat(added.Ids).Order(), ids.Order());
        Assert.Equal("yes", api.Requests.Last(r => r.Path == changed.Path).Header("X-Reloaded"));
        // The unchanged source was not polled again (interval 3600 s); the removed one not at all.
        Assert.Equal(keptRequests, Requests(api, kept));
        Assert.Equal(removedRequests, Requests(api, removed));

        // An invalid file: errors logged, the running config kept, REST answers with the errors.
        dir.Write("helr.yaml", Config(dir, api, kept.SourceYaml(api, 3600), "  bad:\n    url: not a url\n    schedul: {}\n"));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("reload (SIGHUP) rejected, keeping the running config", TimeSpan.FromSeconds(30));
        await helr.Process.WaitForStderrAsync("reload: sources.bad.schedul", TimeSpan.FromSeconds(30));
        var (status, body, text) = await helr.PostAsync("/api/v1/reload");
        Assert.True(status == 422, text);
        Assert.False(body!["ok"]!.GetValue<bool>());
        Assert.Contains(body["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("sources.bad.schedul", StringComparison.Ordinal));
        var after = (await helr.GetAsync("/api/v1/sources")).Body!;
        Assert.Equal(new[] { "added", "changed", "kept" }, after["sources"]!.AsObject().Select(kv => kv.Key).Order());

        // A valid file again through REST: the answer lists what changed.
        dir.Write("helr.yaml", Config(dir, api, kept.SourceYaml(api, 3600), added.SourceYaml(api, 3600)));
        var (okStatus, ok, okText) = await helr.PostAsync("/api/v1/reload");
        Assert.True(okStatus == 200, okText);
        Assert.Equal(new[] { "changed" }, ok!["removed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(new[] { "added", "kept" }, ok["unchanged"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Empty(ok["added"]!.AsArray());
    }

    [Fact]
    public async Task Restart_sources_on_sighup_restarts_unchanged_sources_too()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(2).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, api, feed.SourceYaml(api, 3600)).Replace("  api:", "  reload: { restart_sources_on_sighup: true }\n  api:");
        var path = dir.Write("helr.yaml", text);
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(2, TimeSpan.FromSeconds(60));
        await helr.WaitForAsync("/healthz", (_, b) => b["sources"]!["o"]!["cycles"]!.GetValue<long>() == 1, TimeSpan.FromSeconds(30));
        var before = Requests(api, feed);

        feed.Add(1);
        // A global key read only at start: reported, not applied; the others, unchanged, are not reported.
        dir.Write("helr.yaml", text.Replace("  api:", "  log_level: debug\n  bulkhead: { max_concurrent_sources: 3 }\n  api:"));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("restarted [o], unchanged 0", TimeSpan.FromSeconds(30));
        Assert.Contains("reload: global.log_level changed; it takes effect at the next start", helr.Process.Stderr);
        Assert.Contains("reload: global.bulkhead.max_concurrent_sources changed; it takes effect at the next start", helr.Process.Stderr);
        Assert.Equal(2, helr.Process.Stderr.Split('\n').Count(l => l.Contains("takes effect at the next start", StringComparison.Ordinal)));
        // A restarted source keeps its schedule (an hour here: RestartKeepsScheduleTests) and polls from its
        // stored state, with a fresh circuit breaker and token cache.
        var (status, _, pollText) = await helr.PostAsync("/api/v1/sources/o/poll");
        Assert.True(status == 200, pollText);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(30));
        Assert.True(Requests(api, feed) > before);
        Assert.Equal(feed.Ids, Eventually.EventIds(helr.Process.Stdout));
    }

    [Fact]
    public async Task A_reload_logs_and_answers_the_warnings_of_the_file_it_applies()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(1).Mount(api);
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, api, feed.SourceYaml(api, 3600)));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        // The same warning helr run logs at start and helr validate prints: before, a reload applied it unsaid.
        dir.Write("helr.yaml", Config(dir, api, feed.SourceYaml(api, 3600, extra: "    resilience: { rate_limit: { max_requests_per_second: 5, burst_size: 0 } }")));
        var (status, body, text) = await helr.PostAsync("/api/v1/reload");
        Assert.True(status == 200, text);
        const string warning = "sources.o.resilience.rate_limit.burst_size: 0 acts as 1, as upstream";
        Assert.Contains(body!["warnings"]!.AsArray(), w => w!.GetValue<string>().StartsWith(warning, StringComparison.Ordinal));
        await helr.Process.WaitForStderrAsync("config reloaded (REST)", TimeSpan.FromSeconds(30));
        Assert.Contains($"reload: {warning}", helr.Process.Stderr);
    }

    [Fact]
    public async Task Global_keys_read_only_at_start_are_named_when_a_reload_changes_them()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(1).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, api, feed.SourceYaml(api, 3600));
        var path = dir.Write("helr.yaml", text);
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        // SIGUSR1 ends a helr started without dump_on_sigusr1, reload or not: the operator must be told.
        dir.Write("helr.yaml", text.Replace("  api:", "  source_label_value: collector-7\n  dump_on_sigusr1: { destination: log }\n"
            + "  degradation: { state_store_fallback: memory, reduced_frequency_multiplier: 4 }\n  api:"));
        helr.Process.Signal("HUP");
        await helr.Process.WaitForStderrAsync("config reloaded (SIGHUP)", TimeSpan.FromSeconds(30));
        foreach (var key in new[] { "source_label_value", "dump_on_sigusr1", "degradation.state_store_fallback", "degradation.reduced_frequency_multiplier" })
            Assert.Contains($"reload: global.{key} changed; it takes effect at the next start", helr.Process.Stderr);
    }

    [Fact]
    public async Task The_config_endpoint_shows_the_global_keys_a_reload_did_not_apply_as_they_run()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(1).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, api, feed.SourceYaml(api, 3600)).Replace("  api:", "  source_label_value: first\n  api:");
        var path = dir.Write("helr.yaml", text);
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        dir.Write("helr.yaml", text.Replace("source_label_value: first", "source_label_value: second\n  dump_on_sigusr1: { destination: log }\n"
            + "  reload: { restart_sources_on_sighup: true }"));
        var (status, _, answer) = await helr.PostAsync("/api/v1/reload");
        Assert.True(status == 200, answer);
        // The answer can come before helr's log lines have come through the stderr pipe; the warning is logged before this one.
        await helr.Process.WaitForStderrAsync("config reloaded (REST)", TimeSpan.FromSeconds(30));
        Assert.Contains("reload: global.source_label_value changed; it takes effect at the next start", helr.Process.Stderr);

        var global = (await helr.GetAsync("/api/v1/config")).Body!["global"]!.AsObject();
        Assert.Equal("first", global["source_label_value"]!.GetValue<string>()); // what the run uses until a restart
        Assert.False(global.ContainsKey("dump_on_sigusr1"), global.ToJsonString());
        Assert.True(global["reload"]!["restart_sources_on_sighup"]!.GetValue<bool>()); // applied by the reload
    }

    [Fact]
    public async Task A_file_with_no_source_left_is_refused_and_the_running_sources_go_on()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("o").Add(1).Mount(api);
        using var dir = new TempDir();
        var text = Config(dir, api, feed.SourceYaml(api, 3600));
        var path = dir.Write("helr.yaml", text);
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(1, TimeSpan.FromSeconds(60));

        // `helr run` refuses to start without a source; a reload must not stop every source either (a file emptied by mistake).
        dir.Write("helr.yaml", text[..text.IndexOf("sources:", StringComparison.Ordinal)] + "sources: {}\n");
        var (status, body, answer) = await helr.PostAsync("/api/v1/reload");
        Assert.True(status == 422, answer);
        Assert.Contains(body!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith("sources: no source is configured", StringComparison.Ordinal));
        var sources = (await helr.GetAsync("/api/v1/sources")).Body!;
        Assert.Equal(["o"], sources["sources"]!.AsObject().Select(kv => kv.Key));
    }
}
