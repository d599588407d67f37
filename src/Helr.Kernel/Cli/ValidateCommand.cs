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
            // On this machine, not in the file: the loader, which run and reload share, leaves it to the store's opening.
            var machine = new PluginSdk.Config.ConfigErrors();
            State.StatePathCheck.Check(config.Global.State, config.Global.Degradation.FallbackToMemory, machine);
            if (machine.HasErrors)
            {
                CliSupport.PrintProblems(config.Path, machine);
                return Task.FromResult(1);
            }
            foreach (var warning in machine.Warnings) Console.Error.WriteLine($"warning: {warning}");
            Console.Error.WriteLine($"config valid: {config.Path}: {Summary(config.Sources.Select(s => (s.Id, s.Settings.Type)).ToList())}");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>How many sources, and the first <see cref="Listed"/> of them with their types: a config of a thousand sources gets a line, not a screen.</summary>
    internal static string Summary(IReadOnlyList<(string Id, string Type)> sources)
    {
        var shown = string.Join(", ", sources.Take(Listed).Select(s => $"{s.Id} [{s.Type}]"));
        var more = sources.Count > Listed ? $" and {sources.Count - Listed} more" : "";
        return $"{sources.Count} source{(sources.Count == 1 ? "" : "s")} ({shown}{more})";
    }

    internal const int Listed = 10;
}
