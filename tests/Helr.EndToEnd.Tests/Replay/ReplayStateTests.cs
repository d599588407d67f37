using System.Net;
using System.Net.Sockets;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

/// <summary>
/// A replay is how a bug is reproduced, often with the production config on the production machine:
/// it starts where the stored state says, but must not move the live source's position to where the
/// recording ends (the live instance would then collect events again, or skip them), nor be refused
/// because the live instance holds the store.
/// </summary>
public sealed class ReplayStateTests
{
    [Fact]
    public async Task A_replay_resumes_from_the_stored_cursor_and_leaves_the_stored_state_as_it_was()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        var config = await RecordAsync(dir, recording, "http://127.0.0.1:1/other");
        await StateOk($"state set s cursor k2 -c {config}");
        var before = await StateOk($"state export -c {config}");

        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --source s --replay-dir {recording}", dir.Path);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "e2", "e3" }, replayed.Lines.EventField("id"));
        Assert.Equal(before, await StateOk($"state export -c {config}"));
        Assert.Equal("k2", await StateCli.GetAsync(config, "s", "cursor"));
    }

    [Fact]
    public async Task A_replay_runs_beside_the_live_instance_that_holds_the_state_file()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var other = await FakeVendorServer.StartAsync();
        other.OnGet("/other", _ => FakeResponse.Json("""[{"id":"o1"}]"""));
        var config = await RecordAsync(dir, recording, other.Url("/other"));
        await StateOk($"state set s cursor k2 -c {config}");
        var before = await StateCli.ShowAsync(config, "s");
        // The live instance polls the other source, so the state of s is the replay's alone to change.
        await using var running = HelrProcess.Start($"run -c {config} --source other", dir.Path);
        await running.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));

        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --source s --replay-dir {recording}", dir.Path);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "e2", "e3" }, replayed.Lines.EventField("id"));
        running.Signal("TERM");
        var stopped = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.Equal(before, await StateCli.ShowAsync(config, "s"));
    }

    [Fact]
    public async Task A_replay_leaves_the_disk_buffer_of_the_live_instance_alone()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        await using var other = await FakeVendorServer.StartAsync();
        other.OnGet("/other", _ => FakeResponse.Json("""[{"id":"o1"}]"""));
        var buffer = dir.File("buffer/spill");
        var config = await RecordAsync(dir, recording, other.Url("/other"), $"""

              backpressure:
                enabled: true
                strategy: disk_buffer
                disk_buffer:
                  path: {buffer}
            """);
        await StateOk($"state set s cursor k2 -c {config}");
        await using var running = HelrProcess.Start($"run -c {config} --source other", dir.Path);
        await running.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));
        var files = Directory.GetFiles(dir.File("buffer")).Order().ToList();

        // The buffer holds what the live instance spilled (its events, its checkpoints already past them):
        // a replay that opened it was refused while the live instance held it, and drained it otherwise.
        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --source s --replay-dir {recording}", dir.Path);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "e2", "e3" }, replayed.Lines.EventField("id"));
        Assert.Equal(files, Directory.GetFiles(dir.File("buffer")).Order().ToList());
    }

    [Fact]
    public async Task A_replay_runs_beside_the_live_instance_serving_the_configs_api_and_metrics_ports()
    {
        using var dir = new TempDir();
        var recording = dir.File("rec");
        // The live instance's API and metrics listeners: the replay failed at start, the ports taken.
        using var apiPort = new TcpListener(IPAddress.Loopback, 0);
        using var metricsPort = new TcpListener(IPAddress.Loopback, 0);
        apiPort.Start();
        metricsPort.Start();
        var config = await RecordAsync(dir, recording, "http://127.0.0.1:1/other", $"""

              api:
                enabled: true
                address: 127.0.0.1
                port: {((IPEndPoint)apiPort.LocalEndpoint).Port}
              metrics:
                enabled: true
                address: 127.0.0.1
                port: {((IPEndPoint)metricsPort.LocalEndpoint).Port}
            """);

        var replayed = await HelrProcess.RunAsync($"run --once -c {config} --source s --replay-dir {recording}", dir.Path);

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Equal(new[] { "e1", "e2", "e3" }, replayed.Lines.EventField("id"));
        Assert.Contains("replay: global.api and global.metrics are not served", replayed.Stderr);
    }

    // A recording of a whole cycle from an empty state: e1 (next k2), e2 (next k3), e3 (end).
    private static async Task<string> RecordAsync(TempDir dir, string recording, string otherUrl, string global = "")
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("cursor") switch
        {
            null => FakeResponse.Json("""{"data":[{"id":"e1"}],"next":"k2"}"""),
            "k2" => FakeResponse.Json("""{"data":[{"id":"e2"}],"next":"k3"}"""),
            "k3" => FakeResponse.Json("""{"data":[{"id":"e3"}],"next":null}"""),
            _ => FakeResponse.Json("""{"error":"unexpected cursor"}""", 400),
        });
        string Config(TempDir state, string extra) => $$"""
            {{state.SqliteStateGlobal + extra}}
            sources:
              s:
                url: {{api.Url("/logs")}}
                response_events_path: data
                dedupe:
                  id_path: id
                pagination:
                  strategy: cursor
                  cursor_param: cursor
                  cursor_path: next
              other:
                url: {{otherUrl}}
                schedule:
                  interval_secs: 3600
            """;
        // Recorded by another machine (the state the live instance keeps is not the recording's).
        using var recordDir = new TempDir();
        var recordConfig = recordDir.Write("helr.yaml", Config(recordDir, ""));
        var recorded = await HelrProcess.RunAsync($"run --once -c {recordConfig} --source s --record-dir {recording}", recordDir.Path);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.Equal(new[] { "e1", "e2", "e3" }, recorded.Lines.EventField("id"));
        return dir.Write("helr.yaml", Config(dir, global));
    }

    private static async Task<string> StateOk(string args)
    {
        var result = await HelrProcess.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"helr {args}\n{result}");
        return result.Stdout;
    }
}
