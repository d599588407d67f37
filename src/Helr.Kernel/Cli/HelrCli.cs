using System.CommandLine;
using System.CommandLine.Parsing;

namespace Helr.Kernel.Cli;

/// <summary>The command tree. No subcommand means <c>run</c>, as upstream Helr.</summary>
internal static class HelrCli
{
    // Not async: it only hands on the command's task, and every async method costs the start-up the
    // JIT compilation of its state machine's builder methods (docs/performance.md, "Start-up").
    public static Task<int> RunAsync(string[] args)
    {
        StdoutText.Install();
        if (StartupWarmup.LikelyRun(args)) StartupWarmup.Start(args);
        else if (StartupWarmup.ReadsConfigOnly(args)) StartupWarmup.StartConfigOnly();
        var root = new RootCommand("Helr: polls audit-log and event APIs and writes one NDJSON line per event");
        GlobalOptions.AddTo(root);
        // Upstream's clap answers -V too; scripts written against it check the version that way.
        foreach (var version in root.Options.OfType<VersionOption>()) version.Aliases.Add("-V");
        var run = RunCommand.Create();
        root.Subcommands.Add(run);
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(StateCommand.Create());
        var plugins = PluginsCommand.Create();
        var demo = DemoCommand.Create();
        var replay = ReplayCommand.Create();
        root.Subcommands.Add(plugins);
        root.Subcommands.Add(demo);
        root.Subcommands.Add(replay);
        // The demo writes its own config; inspect reads a plugin folder and replay a recording.
        GlobalOptions.OfferConfig(root, [demo, replay, plugins.Subcommands.Single(c => c.Name == "inspect")]);
        foreach (var option in run.Options) if (!root.Options.Contains(option)) root.Options.Add(option);
        RunCommand.AddChecks(root);
        root.SetAction((parse, _) => RunCommand.ExecuteAsync(parse));

        var parse = root.Parse(HelpCommand.Rewrite(EmptyInlineValue.Split(args, root), root));
        // The run options are the root's only because a bare `helr` is `helr run`: before another command
        // (`helr --output x.ndjson test`) they were accepted and then ignored, the events going to stdout.
        var misplaced = parse.CommandResult.Command == root || parse.CommandResult.Command == run ? [] : parse.RootCommandResult.Children.OfType<OptionResult>()
            .Where(given => run.Options.Contains(given.Option) && given.Option != GlobalOptions.Config && !given.Option.Recursive && !given.Implicit)
            .Select(given => $"{given.IdentifierToken?.Value ?? given.Option.Name} is an option of run, not of {PathOf(parse.CommandResult)}")
            .ToList();
        // Given to a parent (`helr -c x demo`, `helr plugins -c x inspect y`), the parser took it there and the command ignored it.
        if (parse.GetResult(GlobalOptions.Config) is { Implicit: false } config && !parse.CommandResult.Command.Options.Contains(GlobalOptions.Config))
            misplaced.Add($"{config.IdentifierToken?.Value ?? GlobalOptions.Config.Name} is not an option of {PathOf(parse.CommandResult)}, which reads no config file");
        // A usage error is one with --dry-run too (upstream's clap rejects the line before main runs): a
        // script checking its command line that way must not be told a mistyped flag is fine.
        if (parse.Errors.Count > 0 || misplaced.Count > 0)
        {
            foreach (var error in parse.Errors.Select(e => e.Message).Concat(misplaced)) Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine("see 'helr --help'");
            return Task.FromResult(2);
        }
        if (parse.GetValue(GlobalOptions.DryRun)) return Task.FromResult(0);
        if (parse.Action is System.CommandLine.Help.HelpAction) return Task.FromResult(PrintHelp(parse));
        // Signals are handled by the run pipeline so a cycle can finish its page and checkpoint.
        // Exceptions are Crashed's, where Program sees them: a failed write to stdout is an error line, not a stack trace.
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    /// <summary>A command that threw: exit 1, as System.CommandLine's handler gave; a failed write to stdout is one error line, anything else its stack trace.</summary>
    public static int Crashed(Exception ex)
    {
        if (ex is StdoutWriteException) Console.Error.WriteLine($"error: {ex.Message}");
        else if (ex is not OperationCanceledException) Console.Error.WriteLine($"Unhandled exception: {ex}");
        return 1;
    }

    // A reader that has gone ends the help, as upstream's clap: `helr --help | head -1` (or `| grep -q`) is no failure,
    // where an error line and exit 1 failed a script under pipefail. Another failed write (a full disk) stays one.
    private static int PrintHelp(ParseResult parse)
    {
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (StdoutWriteException ex) when (ex.InnerException?.HResult == 32) // EPIPE
        {
            return 0;
        }
    }

    private static string PathOf(CommandResult command) =>
        command.Parent is CommandResult parent && parent.Parent is not null ? $"{PathOf(parent)} {command.Command.Name}" : command.Command.Name;
}
