using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.State.StateCommandCli;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// <c>helr state set</c>: what it refuses, and a state file it may not write or another run holds.
/// </summary>
public sealed class StateSetTests
{
    [Fact]
    public async Task Set_refuses_the_dedupe_window_key_which_is_no_state_key()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");

        // Stored as a plain key, the collector would never read it, and the export would show it as the window.
        var set = await HelrProcess.RunAsync($"state set s1 helr:dedupe_ids [] -c {config}");

        Assert.True(set.ExitCode == 1, set.ToString());
        Assert.Contains("error: helr:dedupe_ids is the dedupe window of s1, not a state key", set.Stderr);
        Assert.Equal("{}\n", (await HelrOk($"state export -c {config}")).Stdout);
    }

    [Fact]
    public async Task Set_of_a_stored_credential_does_not_print_it()
    {
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "a.yaml");

        // A refresh token put back by hand: show and export print it as the placeholder, and so does set's echo.
        var set = await HelrOk($"state set s1 helr:secret:oauth2_refresh_token rt-9f8e7d6c5b -c {config}");

        Assert.Equal("set s1 helr:secret:oauth2_refresh_token = \"[REDACTED]\"\n", set.Stdout);
        Assert.DoesNotContain("rt-9f8e7d6c5b", set.Stderr);
        Assert.Equal("s1\n  helr:secret:oauth2_refresh_token: [REDACTED]\n", (await HelrOk($"state show s1 -c {config}")).Stdout);
    }

    [SkippableTheory]
    [InlineData("run --once")]
    [InlineData("state set s1 cursor c9")]
    public async Task A_state_path_helr_may_not_write_is_an_error_line_not_a_crash(string command)
    {
        // Nobody, not even root, may create a folder in /sys: the permission error an operator gets for
        // a /var/lib/helr owned by the service user, on any machine.
        Skip.IfNot(Directory.Exists("/sys/kernel"), "needs Linux /sys");
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", """
            global:
              state:
                backend: sqlite
                path: /sys/helr-denied/state.db
            sources:
              s1:
                url: http://127.0.0.1:1/logs
            """);

        var result = await HelrProcess.RunAsync($"{command} -c {config}", dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.Contains("/sys/helr-denied", result.Stderr);
    }

    [Fact]
    public async Task A_second_run_on_a_state_file_in_use_fails_while_reads_still_work()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r => r.Param("page") is null
            ? FakeResponse.Json("""[{"id":"1"}]""").WithNext(api.Url("/logs?page=2"))
            : FakeResponse.Json("[]").WithNext(api.Url("/logs?page=2")));
        using var dir = new TempDir();
        var config = SqliteConfig(dir, "helr.yaml", api.Url("/logs"));
        await using var running = HelrProcess.Start($"run -c {config}", dir.Path);
        await running.WaitForStderrAsync("poll ok", TimeSpan.FromSeconds(30));

        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"locked by pid {running.Pid}", second.Stderr);
        Assert.Empty(second.Lines);
        var write = await HelrProcess.RunAsync($"state set s1 next_url x -c {config}", dir.Path);
        Assert.Equal(1, write.ExitCode);
        Assert.Contains($"locked by pid {running.Pid}", write.Stderr);

        Assert.Matches($"^s1\n  next_url: {System.Text.RegularExpressions.Regex.Escape(api.Url("/logs?page=2"))}\n  next_url_query: [0-9a-f]{{32}}\n$",
            (await HelrOk($"state show s1 -c {config}")).Stdout);
        Assert.Contains(api.Url("/logs?page=2"), (await HelrOk($"state export -c {config}")).Stdout);
        Assert.Equal(2, api.Requests.Count);

        running.Signal("TERM");
        var stopped = await running.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        // Once the first run is gone the lock is free again.
        await HelrOk($"state set s1 next_url {api.Url("/logs?page=2")} -c {config}");
    }
}
