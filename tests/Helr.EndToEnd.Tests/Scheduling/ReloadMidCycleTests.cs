using System.Text;
using Helr.EndToEnd.Tests.Operations;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Scheduling;

/// <summary>
/// A reload that changes or removes a source while its cycle is mid-traversal, also with a shutdown arriving
/// meanwhile: the page in flight is written and checkpointed once (or not at all), no event lost, none repeated.
/// </summary>
public sealed class ReloadMidCycleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string Page(int page, int events) =>
        "[" + string.Join(",", Enumerable.Range(1, events).Select(i => $$"""{"id":"p{{page}}-{{i}}"}""")) + "]";

    private static string Config(TempDir dir, string url, string extra = "") => $"""
        {dir.SqliteStateGlobal}
          api: {"{"} enabled: true, port: 0 {"}"}
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
            schedule:
              interval_secs: 3600
        {extra}
        """;

    [Fact]
    public async Task A_source_changed_while_a_page_is_in_flight_writes_that_page_once_and_goes_on_from_it()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnGet("/logs", r => int.Parse(r.Param("page") ?? "1") switch
        {
            1 => FakeResponse.Json(Page(1, 3)).WithNext(api.Url("/logs?page=2")),
            2 => FakeResponse.Streamed(async (s, ct) =>
            {
                await held.Task.WaitAsync(ct);
                await s.WriteAsync(Encoding.UTF8.GetBytes(Page(2, 3)), ct);
            }).WithNext(api.Url("/logs?page=3")),
            _ => FakeResponse.Json(Page(3, 3)),
        });
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, api.Url("/logs")));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));
        await api.WaitForRequestsAsync(2, TimeSpan.FromSeconds(30));

        dir.Write("helr.yaml", Config(dir, api.Url("/logs")).Replace("    schedule:", "    headers:\n      X-Reloaded: yes\n    schedule:"));
        helr.Process.Signal("HUP");
        // The reload has taken the source's loop out (it drains it): a triggered poll says so.
        await Eventually.WaitAsync(async () => (await helr.PostAsync("/api/v1/sources/s1/poll")).Text.Contains("a reload is restarting the source"),
            TimeSpan.FromSeconds(30), () => helr.Process.Stderr);
        held.TrySetResult();
        await helr.Process.WaitForStderrAsync("config reloaded (SIGHUP)", TimeSpan.FromSeconds(60));
        await helr.Process.WaitForStderrAsync("poll ok: s1", TimeSpan.FromSeconds(60));
        // Its events are on stdout, a pipe of its own that can lag behind stderr: stopped, helr's output is all in.
        var result = await StopAsync(helr);

        var ids = Eventually.EventIds(result.Stdout);
        Assert.True(ids.SequenceEqual(new[] { 1, 2, 3 }.SelectMany(p => Enumerable.Range(1, 3).Select(i => $"p{p}-{i}"))), string.Join(",", ids) + "\n" + result.Stderr);
        Assert.Equal("yes", api.Requests.Last().Header("X-Reloaded"));
    }

    [Fact]
    public async Task A_source_removed_while_a_page_is_in_flight_and_added_back_goes_on_from_that_page()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnGet("/logs", r => int.Parse(r.Param("page") ?? "1") switch
        {
            1 => FakeResponse.Json(Page(1, 3)).WithNext(api.Url("/logs?page=2")),
            2 => FakeResponse.Streamed(async (s, ct) =>
            {
                await held.Task.WaitAsync(ct);
                await s.WriteAsync(Encoding.UTF8.GetBytes(Page(2, 3)), ct);
            }).WithNext(api.Url("/logs?page=3")),
            _ => FakeResponse.Json(Page(3, 3)),
        });
        api.OnGet("/other", _ => FakeResponse.Json("[]"));
        using var dir = new TempDir();
        var other = $"  other:\n    url: {api.Url("/other")}\n    schedule:\n      interval_secs: 3600";
        var path = dir.Write("helr.yaml", Config(dir, api.Url("/logs"), other));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));
        await api.WaitForRequestsAsync(3, TimeSpan.FromSeconds(30));

        dir.Write("helr.yaml", $"{dir.SqliteStateGlobal}\n  api: {{ enabled: true, port: 0 }}\nsources:\n{other}\n");
        var reload = helr.PostAsync("/api/v1/reload");
        await Eventually.WaitAsync(async () => (await helr.PostAsync("/api/v1/sources/s1/poll")).Text.Contains("a reload is restarting the source"),
            TimeSpan.FromSeconds(30), () => helr.Process.Stderr);
        held.TrySetResult();
        var (status, body, text) = await reload;
        Assert.True(status == 200, text + helr.Process.Stderr);
        Assert.Equal(new[] { "s1" }, body!["removed"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(api.Url("/logs?page=3"), await StateCli.GetAsync(path, "s1", "next_url"));

        dir.Write("helr.yaml", Config(dir, api.Url("/logs"), other));
        var (again, _, againText) = await helr.PostAsync("/api/v1/reload");
        Assert.True(again == 200, againText);
        await helr.Process.WaitForStderrAsync("poll ok: s1", TimeSpan.FromSeconds(60));
        var result = await StopAsync(helr);
        var ids = Eventually.EventIds(result.Stdout);
        Assert.True(ids.SequenceEqual(new[] { 1, 2, 3 }.SelectMany(p => Enumerable.Range(1, 3).Select(i => $"p{p}-{i}"))), string.Join(",", ids) + "\n" + result.Stderr);
    }

    private static async Task<HelrResult> StopAsync(ApiHelr helr)
    {
        helr.Process.Signal("TERM");
        var result = await helr.Process.WaitAsync(Wait);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shutdown_while_a_reload_drains_a_source_exits_0_with_its_state_at_what_was_written(bool release)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnGet("/logs", r => int.Parse(r.Param("page") ?? "1") switch
        {
            1 => FakeResponse.Json(Page(1, 3)).WithNext(api.Url("/logs?page=2")),
            2 => FakeResponse.Streamed(async (s, ct) =>
            {
                await held.Task.WaitAsync(ct);
                await s.WriteAsync(Encoding.UTF8.GetBytes(Page(2, 3)), ct);
            }).WithNext(api.Url("/logs?page=3")),
            _ => FakeResponse.Json(Page(3, 3)),
        });
        using var dir = new TempDir();
        var path = dir.Write("helr.yaml", Config(dir, api.Url("/logs")));
        await using var helr = await ApiHelr.StartAsync(path, dir);
        await helr.Process.WaitForLinesAsync(3, Wait);
        await api.WaitForRequestsAsync(2, Wait);
        dir.Write("helr.yaml", Config(dir, api.Url("/logs")).Replace("    schedule:", "    headers:\n      X-Reloaded: yes\n    schedule:"));
        helr.Process.Signal("HUP");
        await Eventually.WaitAsync(async () => (await helr.PostAsync("/api/v1/sources/s1/poll")).Text.Contains("a reload is restarting the source"),
            Wait, () => helr.Process.Stderr);
        helr.Process.Signal("TERM");
        await helr.Process.WaitForStderrAsync("SIGTERM received", Wait);
        // The shutdown cancels the page the drain waited for; released, it may still have been read first.
        if (release) held.TrySetResult();
        var result = await helr.Process.WaitAsync(Wait);
        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = Eventually.EventIds(result.Stdout);
        // The checkpoint is where the lines written end: page 2 is fetched again only if it was not written.
        var next = await StateCli.GetAsync(path, "s1", "next_url");
        Assert.True(ids.Count == 3 && next == api.Url("/logs?page=2") || ids.Count == 6 && next == api.Url("/logs?page=3"), $"{string.Join(",", ids)} {next}\n{result.Stderr}");
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }
}
