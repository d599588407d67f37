using System.CommandLine;

namespace Helr.Kernel.Cli;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "Load and check the config; report every problem with its key path");
        command.SetAction((parse, _) =>
        {
            var registry = CliSupport.LoadRegistry(parse, allPlugins: true);
            var config = CliSupport.LoadConfig(parse, registry, printWarnings: true)?.Config;
            if (config is null) return Task.FromResult(1);
            Console.Error.WriteLine($"config valid: {config.Path}: {config.Sources.Count} source{(config.Sources.Count == 1 ? "" : "s")} ({string.Join(", ", config.Sources.Select(s => $"{s.Id} [{s.Settings.Type}]"))})");
            return Task.FromResult(0);
        });
        return command;
    }
}
