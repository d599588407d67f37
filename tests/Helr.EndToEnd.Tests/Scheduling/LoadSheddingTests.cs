using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Scheduling;

public sealed class LoadSheddingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Low_priority_sources_wait_while_output_is_under_load_and_resume_after()
    {
        await using var server = await FakeVendorServer.StartAsync();
        // Slow pages keep the busy source polling for the whole test. Its lines fill the gated stdout
        // pipe (64 KB) and then the queue about 1.3 s in; the quiet source's second poll comes 3 s in,
        // under load. A poll that started before the load can have its line in the writer's batch
        // that blocks on the pipe, and then waits for the gate: that is backpressure, not shedding.
        var busy = new PagedApi(server, "/busy", pages: 3000, perPage: 5, eventBytes: 200, delay: TimeSpan.FromMilliseconds(20));
        server.OnGet("/quiet", _ => FakeResponse.Json("""[{"id":"q"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              backpressure:
                enabled: true
                strategy: drop
                detection:
                  event_queue_size: 20
              load_shedding:
                skip_priority_below: 5
            sources:
              busy:
                url: {busy.Url}
                priority: 9
                schedule:
                  interval_secs: 3600
                pagination:
                  strategy: link_header
                  max_pages: 100000
              quiet:
                url: {server.Url("/quiet")}
                priority: 2
                schedule:
                  interval_secs: 3
            """);
        int Quiet() => server.Requests.Count(r => r.Path == "/quiet");
        await using var helr = PipedHelr.StartGated(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("load shedding: skipping poll of quiet", Timeout);
        var quietWhileShed = Quiet();
        // The busy source keeps polling (dropping) meanwhile; the quiet one must not.
        await server.WaitForRequestsAsync(server.Requests.Count + 10, Timeout);
        Assert.Equal(quietWhileShed, Quiet());
        Assert.True(helr.Process.Stderr.Contains("priority 2 < skip_priority_below 5"), helr.Process.Stderr);

        helr.OpenGate();
        await helr.Process.WaitForStderrAsync("load shedding: resuming quiet", Timeout);
        await server.WaitForRequestsAsync(server.Requests.Count + 1, Timeout);
        while (Quiet() <= quietWhileShed) await server.WaitForRequestsAsync(server.Requests.Count + 1, Timeout);
        helr.Process.Signal("TERM");
        var (result, _) = await helr.FinishAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    // The consumer exited while every source waited out the load: the disk buffer's writer failed with no
    // cycle running to see it, each shed source's loop ended without a word, and helr went on running,
    // polling nothing, for good (no exit for a supervisor to restart it on).
    [Fact]
    public async Task A_broken_pipe_while_every_source_is_shed_ends_the_run_with_an_error()
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
              load_shedding:
                skip_priority_below: 5
            sources:
              low:
                url: {api.Url}
                priority: 2
                schedule:
                  interval_secs: 1
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        await using var helr = PipedHelr.StartClosingOnGate(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("load shedding: skipping poll of low", Timeout);

        helr.OpenGate();
        var result = await helr.Process.WaitAsync(Timeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("output failed: broken pipe (the consumer of stdout exited)", result.Stderr);
        Assert.DoesNotContain("load shedding: resuming low", result.Stderr);
    }
    // Every shed source's loop, let go when the output failed, reported the failure: with several sources
    // waiting out the load, the fatal line came once per source, as if each had met its own failure.
    [Fact]
    public async Task A_broken_pipe_while_several_sources_are_shed_is_reported_once()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 100, perPage: 50);
        var other = new PagedApi(server, "/other", pages: 100, perPage: 50);
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
              load_shedding:
                skip_priority_below: 5
            sources:
              low:
                url: {api.Url}
                priority: 2
                schedule:
                  interval_secs: 1
                pagination:
                  strategy: link_header
                  max_pages: 1000
              lower:
                url: {other.Url}
                priority: 1
                schedule:
                  interval_secs: 1
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        await using var helr = PipedHelr.StartClosingOnGate(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("load shedding: skipping poll of low (", Timeout);
        await helr.Process.WaitForStderrAsync("load shedding: skipping poll of lower (", Timeout);

        helr.OpenGate();
        var result = await helr.Process.WaitAsync(Timeout);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("output failed: broken pipe", StringComparison.Ordinal));
    }
}
