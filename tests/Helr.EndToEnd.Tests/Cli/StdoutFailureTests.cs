using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary>What a command prints to stdout that cannot be written there: an error line and exit 1.</summary>
public sealed class StdoutFailureTests
{
    [Fact]
    public async Task State_export_into_a_pipe_whose_reader_has_gone_fails()
    {
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"global:\n  state:\n    backend: sqlite\n    path: {dir.File("state.db")}\nsources:\n  s1:\n    url: https://example.com/logs\n");
        var set = await HelrProcess.RunAsync($"state set s1 cursor abc -c {config}", dir.Path);
        Assert.True(set.ExitCode == 0, set.ToString());

        // The reader closes its end, then helr starts: its first write meets EPIPE (`helr state export | consumer` with the consumer gone).
        var closed = dir.File("reader.closed");
        var script = $"exec > >(exec 0<&- >/dev/null; touch '{closed}'); while [ ! -e '{closed}' ]; do sleep 0.05; done; exec '{RepoPaths.Helr}' state export -c '{config}'";
        var result = await HelrProcess.RunProgramAsync("/bin/bash", $"-c \"{script}\"", dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: cannot write to stdout: broken pipe", result.Stderr);
    }

    // `helr --help | head -1` (or `| grep -q`) printed "error: cannot write to stdout: broken pipe" and exited 1,
    // failing a script under pipefail; upstream's clap prints help ignoring a closed stdout and exits 0.
    [Theory]
    [InlineData("--help")]
    [InlineData("help run")]
    [InlineData("state show --help")]
    public async Task Help_into_a_pipe_whose_reader_has_gone_exits_0_without_an_error(string command)
    {
        using var dir = new TempDir();
        var closed = dir.File("reader.closed");
        var script = $"exec > >(exec 0<&- >/dev/null; touch '{closed}'); while [ ! -e '{closed}' ]; do sleep 0.05; done; exec '{RepoPaths.Helr}' {command}";
        var result = await HelrProcess.RunProgramAsync("/bin/bash", $"-c \"{script}\"", dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("plugins list --json")]
    [InlineData("--version")]
    public async Task Output_onto_a_full_disk_is_an_error_line_not_a_stack_trace(string command)
    {
        using var dir = new TempDir();
        var result = await HelrProcess.RunProgramAsync("/bin/bash", $"-c \"exec '{RepoPaths.Helr}' {command} > /dev/full\"", dir.Path, TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error: cannot write to stdout: No space left on device", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}
