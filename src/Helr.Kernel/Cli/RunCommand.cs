using System.CommandLine;

namespace Helr.Kernel.Cli;

internal static class RunCommand
{
    private static readonly Option<bool> Once = new("--once") { Description = "Run one poll cycle of each source, then exit (non-zero if any failed)" };
    private static readonly Option<string[]> Source = new("--source") { Description = "Only poll this source (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Write NDJSON to this file instead of stdout" };
    private static readonly Option<string?> Rotate = new("--output-rotate") { Description = "Rotate the output file: daily or size:N (N megabytes)" };
    private static readonly Option<string?> RecordDir = new("--record-dir") { Description = "Record responses to this folder (not supported yet)" };
    private static readonly Option<string?> ReplayDir = new("--replay-dir") { Description = "Replay recorded responses (not supported yet)" };

    public static Command Create()
    {
        var command = new Command("run", "Collect events: continuously, or one cycle with --once");
        foreach (var option in new Option[] { Once, Source, Output, Rotate, RecordDir, ReplayDir }) command.Options.Add(option);
        command.SetAction((parse, _) => ExecuteAsync(parse));
        return command;
    }

    public static async Task<int> ExecuteAsync(ParseResult parse)
    {
        foreach (var unsupported in new[] { RecordDir, ReplayDir })
        {
            if (parse.GetValue(unsupported) is not null)
            {
                Console.Error.WriteLine($"error: {unsupported.Name} is not supported yet");
                return 2;
            }
        }
        var registry = CliSupport.LoadRegistry(parse);
        var config = CliSupport.LoadConfig(parse, registry);
        if (config is null) return 1;
        return await RunPipeline.ExecuteAsync(new RunRequest
        {
            Config = config,
            Once = parse.GetValue(Once),
            Sources = parse.GetValue(Source) ?? Array.Empty<string>(),
            OutputPath = parse.GetValue(Output),
            OutputRotate = parse.GetValue(Rotate),
            Verbose = parse.GetValue(GlobalOptions.Verbose),
            Quiet = parse.GetValue(GlobalOptions.Quiet),
            Registry = registry,
        });
    }
}
