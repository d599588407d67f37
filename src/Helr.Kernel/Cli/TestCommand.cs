using System.CommandLine;

namespace Helr.Kernel.Cli;

internal static class TestCommand
{
    private static readonly Option<string> Source = new("--source") { Description = "The source to test", Required = true };
    private static readonly Option<bool> Once = new("--once") { Description = "Accepted for compatibility; test always runs one cycle" };

    public static Command Create()
    {
        var command = new Command("test", "Run one cycle of one source to stdout, starting from its stored state and writing no state");
        command.Options.Add(Source);
        command.Options.Add(Once);
        command.SetAction(async (parse, _) =>
        {
            var registry = CliSupport.LoadRegistry(parse);
            var audit = new Observability.Telemetry.AuditTrail();
            var loaded = CliSupport.LoadConfig(parse, registry, audit: audit);
            if (loaded is null) return 1;
            return await RunPipeline.ExecuteAsync(new RunRequest
            {
                Config = loaded.Config,
                Built = loaded.Sources,
                Audit = audit,
                Sources = new[] { parse.GetValue(Source)! },
                TestMode = true,
                Verbose = parse.GetValue(GlobalOptions.Verbose),
                Quiet = parse.GetValue(GlobalOptions.Quiet),
            });
        });
        return command;
    }
}
