using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary>SIGTERM / SIGINT stop a continuous run cleanly: exit 0, whole lines only, completed pages kept.</summary>
public sealed class ShutdownTests
{
    private static string Config(TempDir dir, string url) => dir.Write("helr.yaml", $"""
        {dir.SqliteStateGlobal}
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
            schedule:
              interval_secs: 3600
        """);

    private static string Page(int page, int events) =>
        "[" + string.Join(",", Enumerable.Range(1, events).Select(i => $$"""{"id":"p{{page}}-{{i}}","msg":"{{new string('x', 200)}}"}""")) + "]";

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_during_a_cycle_exits_0_with_whole_lines_and_keeps_completed_pages(string signal)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => int.Parse(r.Param("page") ?? "1") switch
        {
            1 => FakeResponse.Json(Page(1, 50)).WithNext(api.Url("/logs?page=2")),
            2 => FakeResponse.Json(Page(2, 50)).WithNext(api.Url("/logs?page=3")),
            // Page 3 hangs until the client goes away: the signal arrives mid-request.
            _ => FakeResponse.Json(Page(3, 50)) with { Delay = TimeSpan.FromMinutes(10) },
        });
        using var dir = new TempDir();
        var config = Config(dir, api.Url("/logs"));
        // SIGINT as from a terminal, whatever the test run inherited: ignored, it would not stop helr (IgnoredSigintTests).
        await using var helr = HelrProcess.StartWithDefaultSignal("INT", $"run -c {config}", dir.Path);
        await helr.WaitForLinesAsync(100, TimeSpan.FromSeconds(60));
        await api.WaitForRequestsAsync(3, TimeSpan.FromSeconds(30));

        helr.Signal(signal);
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Stdout.EndsWith('\n'), "the last line is incomplete");
        var ids = result.Lines.EventField("id");
        Assert.Equal(100, ids.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"p1-{i}").Concat(Enumerable.Range(1, 50).Select(i => $"p2-{i}")), ids);
        Assert.Contains("graceful shutdown complete", result.Stderr);
        // The signal is logged as it arrives, before the cycle it cuts short reports (a shutdown that waits is not silent).
        var received = result.Stderr.IndexOf($"SIG{signal} received: stopping", StringComparison.Ordinal);
        Assert.True(received >= 0 && received < result.Stderr.IndexOf("poll stopped by shutdown: s1", StringComparison.Ordinal), result.Stderr);
        // Pages 1 and 2 were flushed and checkpointed: the next run starts at page 3.
        Assert.Equal(api.Url("/logs?page=3"), await StateCli.GetAsync(config, "s1", "next_url"));
    }

    [Fact]
    public async Task A_signal_between_cycles_exits_0_at_once()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") is null
            ? FakeResponse.Json(Page(1, 3)).WithNext(api.Url("/logs?page=2"))
            : FakeResponse.Json("[]").WithNext(api.Url("/logs?page=2")));
        using var dir = new TempDir();
        var config = Config(dir, api.Url("/logs"));
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await helr.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "p1-1", "p1-2", "p1-3" }, result.Lines.EventField("id"));
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(api.Url("/logs?page=2"), await StateCli.GetAsync(config, "s1", "next_url"));
    }

    [Fact]
    public async Task A_signal_during_run_once_also_exits_0_and_keeps_completed_pages()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") is null
            ? FakeResponse.Json(Page(1, 2)).WithNext(api.Url("/logs?page=2"))
            : FakeResponse.Json(Page(2, 2)) with { Delay = TimeSpan.FromMinutes(10) });
        using var dir = new TempDir();
        var config = Config(dir, api.Url("/logs"));
        await using var helr = HelrProcess.Start($"run --once -c {config}", dir.Path);
        await helr.WaitForLinesAsync(2, TimeSpan.FromSeconds(30));
        await api.WaitForRequestsAsync(2, TimeSpan.FromSeconds(30));

        helr.Signal("TERM");
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "p1-1", "p1-2" }, result.Lines.EventField("id"));
        Assert.Equal(api.Url("/logs?page=2"), await StateCli.GetAsync(config, "s1", "next_url"));
    }
}
