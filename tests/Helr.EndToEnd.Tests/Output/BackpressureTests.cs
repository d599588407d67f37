using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

/// <summary>
/// A slow consumer: helr's stdout is a pipe into a reader child that reads nothing until the test
/// opens its gate. Each strategy must keep what the README promises.
/// </summary>
public sealed class BackpressureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Config(PagedApi api, string backpressure, string state = "") => $"""
        global:
        {state}
          backpressure:
            enabled: true
        {backpressure}
        sources:
          s1:
            url: {api.Url}
            pagination:
              strategy: link_header
              max_pages: 1000
        """;

    [Fact]
    public async Task Block_pauses_polling_while_the_consumer_stalls_and_loses_nothing()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 100, perPage: 50);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api, """
                strategy: block
                detection:
                  event_queue_size: 100
            """));
        await using var helr = PipedHelr.StartGated(dir, $"run --once -c {config}");
        await helr.Process.WaitForStderrAsync("output under load", Timeout);
        // Blocked: the poll cannot run ahead of the stalled consumer by more than a few buffers.
        Assert.True(api.Requests < api.Pages / 2, $"{api.Requests} pages fetched while the consumer was stalled");
        helr.OpenGate();
        var (result, lines) = await helr.FinishAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(api.Ids(), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()));
        Assert.Equal(0, Summary.Dropped(result.Stderr, "s1", "backpressure"));
    }

    [Theory]
    [InlineData("oldest_first")]
    [InlineData("newest_first")]
    [InlineData("random")]
    public async Task Drop_drops_exactly_what_the_counter_says(string policy)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 60, perPage: 50);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api, $"""
                strategy: drop
                drop_policy: {policy}
                detection:
                  event_queue_size: 100
            """));
        await using var helr = PipedHelr.StartGated(dir, $"run --once -c {config}");
        await helr.Process.WaitForStderrAsync("output under load", Timeout);
        // Dropping keeps the poll going although nothing is read: wait until it has run well past the buffers.
        await server.WaitForRequestsAsync(30, Timeout);
        helr.OpenGate();
        var (result, lines) = await helr.FinishAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();
        var dropped = Summary.Dropped(result.Stderr, "s1", "backpressure");
        Assert.True(dropped > 0, result.Stderr);
        Assert.Equal(api.Total, ids.Count + dropped);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids); // what is kept stays in order
    }

    [Fact]
    public async Task Disk_buffer_spills_while_the_consumer_stalls_and_a_restart_loses_and_reorders_nothing()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 100, perPage: 50);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api, $"""
                strategy: disk_buffer
                detection:
                  event_queue_size: 100
                disk_buffer:
                  path: {dir.File("spill/buffer")}
                  segment_size_mb: 1
                  max_size_mb: 100
            """, state: $"""
              state:
                backend: sqlite
                path: {dir.File("state.db")}
            """));
        // Run 1: continuous; the consumer stalls, so pages go to disk and are checkpointed from there.
        await using (var first = PipedHelr.StartGated(dir, $"run -c {config}", "first"))
        {
            await first.Process.WaitForStderrAsync("spilling to the disk buffer", Timeout);
            while (!api.Finished) await server.WaitForRequestsAsync(server.Requests.Count + 1, Timeout);
            Assert.True(Directory.EnumerateFiles(dir.File("spill")).Any(f => new FileInfo(f).Length > 1_000_000), "nothing spilled");
            first.Process.Signal("TERM");
            first.OpenGate("first"); // let the line being written finish so helr can stop
            var (stopped, _) = await first.FinishAsync(Timeout, "first");
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Contains("remain in the disk buffer", stopped.Stderr);
        }
        var firstLines = File.ReadAllLines(dir.File("first.out"));
        Assert.True(firstLines.Length < api.Total, "the first run should have left lines on disk");

        // Run 2: the spilled lines come out first, then the source resumes from its checkpoint (nothing new).
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, timeout: Timeout);
        Assert.True(second.ExitCode == 0, second.ToString());
        var all = firstLines.Concat(second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()).ToList();
        Assert.Equal(api.Ids(), all);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Broken_pipe_is_fatal_counted_and_checkpoints_nothing_unwritten(bool backpressure)
    {
        using var dir = new TempDir();
        await using var server = await FakeVendorServer.StartAsync();
        var closed = dir.File("reader.closed");
        // The API answers only once the consumer has gone, so the very first write meets EPIPE.
        server.OnGet("/logs", _ =>
        {
            SpinWait.SpinUntil(() => File.Exists(closed), TimeSpan.FromSeconds(30));
            return FakeResponse.Json("""[{"id":"a1"},{"id":"a2"}]""").WithNext(server.Url("/logs?page=2"));
        });
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              backpressure:
                enabled: {(backpressure ? "true" : "false")}
            sources:
              s1:
                url: {server.Url("/logs")}
                pagination:
                  strategy: link_header
            """);
        await using var helr = PipedHelr.StartClosed(dir, $"run -c {config}");
        var result = await helr.Process.WaitAsync(Timeout);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("broken pipe", result.Stderr);
        Assert.Equal(1, Summary.OutputErrors(result.Stderr, "s1"));
        var state = await HelrProcess.RunAsync($"state show s1 -c {config}", dir.Path);
        Assert.Contains("s1 (no state)", state.Stdout);
    }

    // The consumer exited while the disk buffer was being written out and no poll was running: helr went on,
    // its polls "ok" while they found no new events, until one wrote a page (with interval_secs: 3600, an hour
    // at least), and meanwhile nothing said the output was gone. It now stops at once and exits 1.
    [Fact]
    public async Task A_broken_pipe_while_no_poll_runs_ends_the_run_at_once()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 100, perPage: 50);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              backpressure:
                enabled: true
                strategy: disk_buffer
                detection:
                  event_queue_size: 100
                disk_buffer:
                  path: {dir.File("spill/buffer")}
                  segment_size_mb: 1
                  max_size_mb: 100
            sources:
              s1:
                url: {api.Url}
                schedule:
                  interval_secs: 3600
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        await using var helr = PipedHelr.StartClosingOnGate(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("poll ok: s1", Timeout);

        helr.OpenGate();
        var result = await helr.Process.WaitAsync(Timeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("output failed: broken pipe (the consumer of stdout exited); stopping", StringComparison.Ordinal));
    }
}
