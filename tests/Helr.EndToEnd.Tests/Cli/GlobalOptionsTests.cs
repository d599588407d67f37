using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary>The flags every command line accepts, as upstream's clap defines them.</summary>
public sealed class GlobalOptionsTests
{
    [Theory]
    [InlineData("--version")]
    [InlineData("-V")]
    public async Task The_version_flag_prints_the_version_and_exits_0(string flag)
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync(flag, dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Theory]
    [InlineData("--dry-run --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("--dry-run test", "Option '--source' is required")]
    [InlineData("--dry-run run --output-rotate", "--output-rotate")]
    public async Task Dry_run_with_a_command_line_error_is_a_usage_error(string args, string named)
    {
        using var dir = new TempDir();

        // As upstream (clap rejects the line first): exit 0 told a script its mistyped line was fine.
        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Stderr);
    }

    [Theory]
    [InlineData("run --once --output-rotate daily")]
    [InlineData("--output-rotate size:1")]
    [InlineData("--dry-run run --output-rotate daily")]
    public async Task Rotation_without_an_output_file_is_a_usage_error(string args)
    {
        using var dir = new TempDir();

        // As upstream's clap (--output-rotate requires --output): rejected with the command line, before
        // the config is read; --dry-run exited 0 on it.
        var result = await HelrProcess.RunAsync($"{args} -c missing.yaml", dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--output-rotate needs --output", result.Stderr);
    }

    [Theory]
    [InlineData("run --once --record-dir rec --replay-dir rec")]
    [InlineData("--dry-run run --once --record-dir rec --replay-dir rec")]
    [InlineData("--dry-run --once --replay-dir rec --record-dir rec")]
    public async Task Recording_and_replaying_at_once_is_a_usage_error(string args)
    {
        using var dir = new TempDir();

        // Checked only when the run began, --dry-run exited 0 on it.
        var result = await HelrProcess.RunAsync($"{args} -c missing.yaml", dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--record-dir and --replay-dir cannot be used together", result.Stderr);
    }

    [Theory]
    [InlineData("run --once -c \"\"", "--config")]
    [InlineData("validate --config \"\"", "--config")]
    [InlineData("state show s1 -c \"\"", "--config")]
    [InlineData("run --once --record-dir \"\"", "--record-dir")]
    [InlineData("run --once --output \"\"", "--output")]
    [InlineData("demo --state \"\"", "--state")]
    // --config=$HELR_CONFIG with the variable unset: the next word was taken for the path (helr read a config named "run").
    [InlineData("--config= run --once", "--config")]
    [InlineData("run --once --output= -c helr.yaml", "--output")]
    [InlineData("state show s1 --config=", "--config")]
    public async Task An_empty_path_is_a_usage_error_naming_the_option(string args, string option)
    {
        using var dir = new TempDir();
        dir.Write("helr.yaml", "sources:\n  s1:\n    url: http://127.0.0.1:9/logs\n");

        // As from -c "$HELR_CONFIG" with the variable unset: .NET's stack trace before, and an empty
        // --output read as none (the events on stdout).
        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option} needs a path, not an empty value", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("--output events.ndjson test --source s1", "--output is an option of run, not of test")]
    [InlineData("-o events.ndjson --once validate", "-o is an option of run, not of validate")]
    [InlineData("--dry-run --record-dir rec state export", "--record-dir is an option of run, not of state export")]
    public async Task A_run_option_before_another_command_is_a_usage_error(string args, string error)
    {
        using var dir = new TempDir();
        dir.Write("helr.yaml", "sources:\n  s1:\n    url: http://127.0.0.1:9/logs\n");

        // Accepted before, because a bare `helr` is `helr run`, and ignored: the test's events went to stdout.
        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Dry_run_exits_0_without_reading_the_config()
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync("--dry-run run --once -c missing.yaml", dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
    }

    // .NET said "Access to the path is denied" for a folder (plugins list: "does not exist"), which sent the
    // user after permissions. A folder is a config file that cannot be read: exit 1, as a missing one.
    [Theory]
    [InlineData("run --once -c conf")]
    [InlineData("validate -c conf")]
    [InlineData("state show s1 -c conf")]
    [InlineData("plugins list -c conf")]
    // Upstream's place for it (clap: state's own option), and before the command.
    [InlineData("state -c conf show s1")]
    [InlineData("-c conf validate")]
    public async Task A_folder_given_as_the_config_is_named_as_a_folder(string args)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "conf"));

        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cannot read config file \"conf\": it is a folder, not a file", result.Stderr);
        Assert.DoesNotContain("denied", result.Stderr);
        Assert.DoesNotContain("does not exist", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    // The commands that read no config listed -c/--config (default helr.yaml) in their help and ignored it:
    // `helr demo -c my.yaml` ran the sample, and inspect and to-fixture took it without a word.
    [Theory]
    [InlineData("demo -c my.yaml", "Unrecognized command or argument '-c'")]
    [InlineData("plugins inspect generic --config my.yaml", "Unrecognized command or argument '--config'")]
    [InlineData("replay to-fixture rec --source s --out f.json -c my.yaml", "Unrecognized command or argument '-c'")]
    [InlineData("-c my.yaml demo", "-c is not an option of demo, which reads no config file")]
    [InlineData("plugins --config my.yaml inspect generic", "--config is not an option of plugins inspect, which reads no config file")]
    public async Task The_config_option_given_to_a_command_that_reads_no_config_is_a_usage_error(string args, string error)
    {
        using var dir = new TempDir();
        dir.Write("my.yaml", "sources:\n  s1:\n    url: http://127.0.0.1:9/logs\n");

        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("demo --help", false)]
    [InlineData("plugins inspect --help", false)]
    [InlineData("replay to-fixture --help", false)]
    [InlineData("--help", true)]
    [InlineData("run --help", true)]
    [InlineData("validate --help", true)]
    [InlineData("test --help", true)]
    [InlineData("state show --help", true)]
    [InlineData("plugins list --help", true)]
    public async Task Only_the_commands_that_read_a_config_offer_the_config_option_in_their_help(string args, bool offered)
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(offered, result.Stdout.Contains("--config", StringComparison.Ordinal));
    }

    // Upstream's clap answers `helr help [COMMAND]...` with that command's help (exit 0), as many CLIs do;
    // here it was a usage error: "Unrecognized command or argument 'help'" (exit 2).
    [Theory]
    [InlineData("help", "Usage:\n  helr [command] [options]")]
    [InlineData("help run", "Usage:\n  helr run [options]")]
    [InlineData("help state show", "Usage:\n  helr state show <source> [options]")]
    [InlineData("state help", "Usage:\n  helr state [command] [options]")]
    [InlineData("state help export", "Usage:\n  helr state export [options]")]
    public async Task The_help_command_prints_the_help_of_the_command_it_names(string args, string usage)
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync(args, dir.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(usage, result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_help_command_naming_no_command_is_a_usage_error()
    {
        using var dir = new TempDir();

        var result = await HelrProcess.RunAsync("help bogus", dir.Path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'bogus'", result.Stderr);
    }
}
