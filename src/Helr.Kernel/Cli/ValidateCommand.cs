using System.CommandLine;

namespace Helr.Kernel.Cli;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var command = new Command("validate", "Load and check the config; report every problem with its key path");
        command.SetAction((parse, _) =>
        {
            // -q is "only errors", as upstream's validate under it: no warning, no "config valid" (a check run by a script or cron).
            var quiet = parse.GetValue(GlobalOptions.Quiet);
            var registry = CliSupport.LoadRegistry(parse, allPlugins: true);
            var config = CliSupport.LoadConfig(parse, registry, printWarnings: !quiet)?.Config;
            if (config is null) return Task.FromResult(1);
            // On this machine, not in the file: the loader, which run and reload share, leaves it to the store's opening.
            var machine = new PluginSdk.Config.ConfigErrors();
            State.StatePathCheck.Check(config.Global.State, config.Global.Degradation.FallbackToMemory, machine);
            if (machine.HasErrors)
            {
                CliSupport.PrintProblems(config.Path, machine);
                return Task.FromResult(1);
            }
            if (quiet) return Task.FromResult(0);
            foreach (var warning in machine.Warnings) Console.Error.WriteLine($"warning: {warning}");
            var sources = new List<(string Id, string Type)>(config.Sources.Count);
            foreach (var source in config.Sources) sources.Add((source.Id, source.Settings.Type));
            Console.Error.WriteLine($"config valid: {config.Path}: {Summary(sources)}");
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>How many sources, and the first <see cref="Listed"/> of them with their types: a config of a thousand sources gets a line, not a screen.</summary>
    /// <remarks>Loops, not LINQ: LINQ over value tuples is compiled at run time in every <c>validate</c> (ReadyToRun cannot hold it).</remarks>
    internal static string Summary(IReadOnlyList<(string Id, string Type)> sources)
    {
        if (sources.Count == 0) return "0 sources";
        var text = new System.Text.StringBuilder();
        text.Append(sources.Count).Append(sources.Count == 1 ? " source (" : " sources (");
        for (var i = 0; i < sources.Count && i < Listed; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(sources[i].Id).Append(" [").Append(sources[i].Type).Append(']');
        }
        if (sources.Count > Listed) text.Append(" and ").Append(sources.Count - Listed).Append(" more");
        return text.Append(')').ToString();
    }

    internal const int Listed = 10;
}
