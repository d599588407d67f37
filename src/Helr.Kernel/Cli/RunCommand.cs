using System.CommandLine;

namespace Helr.Kernel.Cli;

internal static class RunCommand
{
    private static readonly Option<bool> Once = new("--once") { Description = "Run one poll cycle of each source, then exit (non-zero if any failed)" };
    private static readonly Option<string[]> Source = new("--source") { Description = "Only poll this source (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Output = NonEmptyPath.Of(new Option<string?>("--output", "-o") { Description = "Write NDJSON to this file instead of stdout" });
    private static readonly Option<string?> Rotate = new("--output-rotate") { Description = "Rotate the output file: daily or size:N (N megabytes)" };
    private static readonly Option<string?> RecordDir = NonEmptyPath.Of(new Option<string?>("--record-dir") { Description = "Record every response to DIR/<source>/NNN.json, redacted (docs/replay.md)" });
    private static readonly Option<string?> ReplayDir = NonEmptyPath.Of(new Option<string?>("--replay-dir") { Description = "Answer every request from a recording instead of the network (docs/replay.md)" });

    public static Command Create()
    {
        var command = new Command("run", "Collect events: continuously, or one cycle with --once");
        foreach (var option in new Option[] { Once, Source, Output, Rotate, RecordDir, ReplayDir }) command.Options.Add(option);
        command.SetAction((parse, _) => ExecuteAsync(parse));
        AddChecks(command);
        return command;
    }

    /// <summary>
    /// Checks of the run options' combination, made while the command line is parsed (a usage error, exit 2,
    /// --dry-run included), as upstream's clap makes them. The root command has them too: <c>helr</c> is <c>helr run</c>.
    /// </summary>
    public static void AddChecks(Command command) => command.Validators.Add(result =>
    {
        if (result.GetResult(Rotate) is not null && result.GetResult(Output) is null)
            result.AddError("--output-rotate needs --output PATH (stdout cannot be rotated)");
        // Checked when the run began, it passed --dry-run: a script checking its line that way was told it was fine.
        if (result.GetResult(RecordDir) is not null && result.GetResult(ReplayDir) is not null)
            result.AddError("--record-dir and --replay-dir cannot be used together");
    });

    // Not async (see HelrCli.RunAsync): it returns the pipeline's task.
    public static Task<int> ExecuteAsync(ParseResult parse)
    {
        var (recordDir, replayDir) = (parse.GetValue(RecordDir), parse.GetValue(ReplayDir));
        // Before anything slow: a SIGHUP while the config loads must not end the process (ReloadSignal).
        var sighup = ReloadSignal.For(parse.GetValue(Once));
        var registry = CliSupport.LoadRegistry(parse);
        var configPath = parse.GetValue(GlobalOptions.Config)!;
        var audit = new Observability.Telemetry.AuditTrail();
        Func<string, PluginSdk.Sources.IHelrEnvironment>? environment = replayDir is null ? null : _ => Replay.ReplayEnvironment.For(Config.HostEnvironment.Instance);
        var loaded = CliSupport.LoadConfig(parse, registry, env: environment?.Invoke(configPath), audit: audit);
        if (loaded is null)
        {
            sighup?.Dispose();
            return Task.FromResult(1);
        }
        // As soon as the config says whether it is wanted: a SIGUSR1 while the run starts must not end it (SignalDump).
        var sigusr1 = Api.SignalDump.For(loaded.Config.Global.DumpOnSigusr1);
        var tap = Replay.TapOptions.Open(recordDir, replayDir, loaded.Config);
        if (tap.Error is not null)
        {
            Console.Error.WriteLine($"error: {tap.Error}");
            sighup?.Dispose();
            sigusr1?.Dispose();
            return Task.FromResult(1);
        }
        return RunPipeline.ExecuteAsync(new RunRequest
        {
            Config = loaded.Config,
            Built = loaded.Sources,
            Audit = audit,
            Once = parse.GetValue(Once),
            Sources = parse.GetValue(Source) ?? Array.Empty<string>(),
            OutputPath = parse.GetValue(Output),
            OutputRotate = parse.GetValue(Rotate),
            Verbose = parse.GetValue(GlobalOptions.Verbose),
            Quiet = parse.GetValue(GlobalOptions.Quiet),
            Tap = tap.Tap,
            Registry = registry,
            ConfigEnvironment = environment ?? (tap.Tap?.ReloadEnvironment(Config.HostEnvironment.Instance) is { } recording ? _ => recording : null),
            ReloadSignal = sighup,
            DumpSignal = sigusr1,
        });
    }
}
