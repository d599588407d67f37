using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Observability;

/// <summary>The progress block of <c>run --once</c> on a terminal, run under <c>script</c> for a pseudo-terminal.</summary>
public sealed partial class ProgressTerminalTests
{
    private static async Task<string> RunOnTerminalAsync(TempDir dir, string flags)
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a1"},{"id":"a2"}]"""));
        var config = dir.Write("helr.yaml", $"""
            global:
              log_level: warn
            sources:
              s1:
                url: {api.Url("/logs")}
            """);
        // script(1) gives helr a pseudo-terminal for stdout and stderr alike, and copies what it shows to its own stdout.
        // TERM unset: with the runner's TERM (xterm) and the suite started as a background job (as CI does), the .NET
        // console wrote its terminfo keypad and colour sequences too, which are no progress block; the block's own
        // cursor moves do not depend on TERM.
        var result = await HelrProcess.RunProgramAsync("script", $"-qec \"env -u TERM {RepoPaths.Helr} run --once -c {config} {flags}\" /dev/null", dir.Path, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    [SkippableFact]
    public async Task With_events_to_a_file_the_block_is_drawn_and_stays_as_the_summary()
    {
        Skip.IfNot(File.Exists("/usr/bin/script"), "script(1) from util-linux gives the pseudo-terminal");
        using var dir = new TempDir();
        var shown = await RunOnTerminalAsync(dir, $"-o {Path.Combine(dir.Path, "events.ndjson")}");
        Assert.Matches(BoardLine(), shown);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir.Path, "events.ndjson")).Length);
    }

    // The block is redrawn with cursor moves over the lines below the log: on the terminal the events
    // are written to, it drew over them.
    [SkippableFact]
    public async Task With_events_on_the_terminal_no_block_is_drawn_over_them()
    {
        Skip.IfNot(File.Exists("/usr/bin/script"), "script(1) from util-linux gives the pseudo-terminal");
        using var dir = new TempDir();
        var shown = await RunOnTerminalAsync(dir, "");
        Assert.DoesNotMatch(BoardLine(), shown);
        Assert.DoesNotContain("\u001b[", shown);
        Assert.Equal(2, shown.Split('\n').Count(l => l.Contains("\"id\":\"a", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"s1\s+1 pages\s+2 events")]
    private static partial Regex BoardLine();
}
