using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Demo;

/// <summary><c>helr demo</c>: the built-in sample API collected with the real pipeline.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_emits_the_sample_events_as_ndjson()
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunAsync("demo", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Lines;
        Assert.Equal(120, lines.Count);
        Assert.Equal(120, lines.EventField("uuid").Distinct().Count());
        Assert.All(lines, l =>
        {
            Assert.Equal("demo-okta", l.GetProperty("source").GetString());
            Assert.Equal("/api/v1/logs", l.GetProperty("endpoint").GetString());
            Assert.Equal(l.GetProperty("event").GetProperty("published").GetString(), l.GetProperty("ts").GetString());
            Assert.Equal(l.GetProperty("event").GetProperty("uuid").GetString(), l.GetProperty("meta").GetProperty("id").GetString());
        });
        // Without --state the demo leaves nothing behind in the working folder.
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task A_second_demo_run_with_state_emits_only_the_new_events()
    {
        using var dir = new TempDir();
        var state = dir.File("demo-state");
        var first = await HelrProcess.RunAsync($"demo --state {state}", dir.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstIds = first.Lines.EventField("uuid");
        Assert.Equal(120, firstIds.Count);

        var second = await HelrProcess.RunAsync($"demo --state {state}", dir.Path);
        Assert.True(second.ExitCode == 0, second.ToString());
        var secondIds = second.Lines.EventField("uuid");
        Assert.Equal(15, secondIds.Count);
        Assert.Empty(secondIds.Intersect(firstIds));
        Assert.Equal(135, firstIds.Concat(secondIds).Distinct().Count());
        // Resumed from the stored next link (README): not the whole log read again and the old events
        // dropped as duplicates, which the sample API's new port once caused.
        Assert.DoesNotContain("duplicates dropped", second.Stderr);
        Assert.DoesNotContain("changed since the stored next_url", second.Stderr);
        // In order: the new events come after the old ones.
        var lastOld = first.Lines[^1].GetProperty("ts").GetString()!;
        Assert.All(second.Lines, l => Assert.True(string.CompareOrdinal(l.GetProperty("ts").GetString(), lastOld) > 0));
    }

    [Fact]
    public async Task A_state_folder_it_cannot_use_is_an_error_line_not_a_crash()
    {
        using var dir = new TempDir();
        var file = dir.Write("not-a-folder", "x");
        var corrupt = dir.File("corrupt");
        // A demo killed while writing its sample API's size.
        dir.Write("corrupt/demo-api.json", "{\"events\": 1");

        var onFile = await HelrProcess.RunAsync($"demo --state {file}", dir.Path);
        var onCorrupt = await HelrProcess.RunAsync($"demo --state {corrupt}", dir.Path);

        Assert.True(onFile.ExitCode == 1, onFile.ToString());
        Assert.Contains($"error: demo --state {file}: ", onFile.Stderr);
        Assert.True(onCorrupt.ExitCode == 1, onCorrupt.ToString());
        Assert.Contains($"error: demo --state {corrupt}: ", onCorrupt.Stderr);
        Assert.Contains("demo-api.json", onCorrupt.Stderr);
        Assert.DoesNotContain("Unhandled exception", onFile.Stderr + onCorrupt.Stderr);
    }

    [Fact]
    public async Task A_state_folder_holding_a_real_config_and_state_is_left_untouched()
    {
        using var dir = new TempDir();
        // `helr demo --state .` run beside the user's own helr.yaml and its default ./helr-state.db.
        var config = dir.Write("helr.yaml", "sources:\n  mine:\n    url: https://example.com/logs\n");
        var store = dir.Write("helr-state.db", "the user's state");

        var result = await HelrProcess.RunAsync("demo --state .", dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: demo --state .: the folder holds files the demo did not write", result.Stderr);
        Assert.Empty(result.Lines);
        Assert.Equal("sources:\n  mine:\n    url: https://example.com/logs\n", File.ReadAllText(config));
        Assert.Equal("the user's state", File.ReadAllText(store));
        Assert.Equal(2, Directory.GetFileSystemEntries(dir.Path).Length);
    }

    [Fact]
    public async Task A_temporary_folder_it_cannot_make_is_named_as_such_not_as_the_state_option()
    {
        using var dir = new TempDir();
        // TMPDIR naming a file: no folder can be made in it.
        var file = dir.Write("not-a-folder", "x");

        var result = await HelrProcess.RunAsync("demo", dir.Path, env: new Dictionary<string, string?> { ["TMPDIR"] = file });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"error: demo: temporary folder {file}/helr-demo-", result.Stderr);
        Assert.Contains("(TMPDIR, or give --state DIR): ", result.Stderr);
        Assert.DoesNotContain("demo --state :", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    // The temporary folder was named after the pid, and pids come again (a container's helr is pid 1 every time): a
    // folder a killed demo left was taken as this one's, its sample API's size and stored link with it, so the run
    // was a second demo's; and then deleted, whoever it belonged to.
    [Fact]
    public async Task A_folder_left_by_a_killed_demo_of_the_same_pid_is_neither_used_nor_deleted()
    {
        using var dir = new TempDir();
        var tmp = Directory.CreateDirectory(dir.File("tmp")).FullName;
        // The shell makes what a killed demo of its pid left, then becomes helr under that pid (exec).
        var script = dir.Write("leftover.sh", "left=\"$TMPDIR/helr-demo-$$\"\nmkdir \"$left\"\n"
            + "printf '{\"events\": 500}\\n' > \"$left/demo-api.json\"\n"
            + $"exec '{RepoPaths.Helr}' demo\n");

        await using var helr = HelrProcess.Start("/bin/sh", script, dir.Path, new Dictionary<string, string?> { ["TMPDIR"] = tmp }, false);
        var result = await helr.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("holds 120 events", result.Stderr);
        Assert.Equal(120, result.Lines.Count);
        var left = Assert.Single(Directory.GetDirectories(tmp));
        Assert.Equal($"helr-demo-{helr.Pid}", Path.GetFileName(left));
        Assert.Equal("{\"events\": 500}\n", File.ReadAllText(Path.Combine(left, "demo-api.json")));
    }

    // A shell behind a corporate proxy (HTTP_PROXY set, loopback not in NO_PROXY) sent the demo's requests to
    // its own sample API on 127.0.0.1 through the proxy, which cannot reach this machine's loopback: the demo failed.
    [Fact]
    public async Task A_proxy_in_the_environment_does_not_get_the_requests_to_the_loopback_sample_api()
    {
        using var dir = new TempDir();
        using var proxy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        proxy.Start();
        var connections = 0;
        // A proxy that drops every connection: what a proxy that cannot reach this machine comes to.
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await proxy.AcceptTcpClientAsync();
                Interlocked.Increment(ref connections);
            }
        });
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)proxy.LocalEndpoint).Port}";
        var env = new Dictionary<string, string?>
        {
            ["http_proxy"] = url, ["HTTP_PROXY"] = url, ["all_proxy"] = url, ["ALL_PROXY"] = url, ["no_proxy"] = null, ["NO_PROXY"] = null,
        };

        var result = await HelrProcess.RunAsync("demo", dir.Path, env: env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(120, result.Lines.Count);
        Assert.Equal(0, Volatile.Read(ref connections));
    }

    // -q is "only errors": the demo's own lines about its sample API and the hint to run it again came all the same.
    [Fact]
    public async Task Quiet_demo_prints_only_the_events()
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync("-q demo", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(120, result.Lines.Count);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task The_hint_to_run_again_quotes_a_folder_with_a_space_for_the_shell()
    {
        using var dir = new TempDir();
        var state = dir.File("my demo");

        var result = await HelrProcess.RunAsync($"demo --state \"{state}\"", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"run helr demo --state '{state}' again", result.Stderr);
    }
}
