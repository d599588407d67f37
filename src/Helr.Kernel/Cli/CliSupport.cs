using System.CommandLine;
using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Cli;

internal static class CliSupport
{
    /// <summary>
    /// The source types of the plugins folder. A plugin folder is loaded when the config names a type
    /// it provides; <paramref name="allPlugins"/> loads every folder too (on another thread, beside the
    /// config's reading), so that a broken one is reported even when no source uses it (validate).
    /// </summary>
    public static SourceTypeRegistry LoadRegistry(ParseResult parse, bool allPlugins = false)
    {
        var directory = PluginCatalog.ResolveDirectory(parse.GetValue(GlobalOptions.PluginsDir));
        return new(allPlugins ? PluginCatalog.OpenLoadingAll(directory) : PluginCatalog.Open(directory));
    }

    /// <summary>Loads and validates the config (building its sources), printing every problem to stderr; null when invalid.</summary>
    /// <param name="audit">Gets the config's audit events (<c>global.audit</c>), to be reported once logging is up.</param>
    public static LoadedConfig? LoadConfig(ParseResult parse, SourceTypeRegistry registry, bool printWarnings = false, PluginSdk.Sources.IHelrEnvironment? env = null, Observability.Telemetry.AuditTrail? audit = null)
    {
        var path = parse.GetValue(GlobalOptions.Config)!;
        var (loaded, problems) = ConfigLoader.Load(path, registry, env, audit: audit);
        if (loaded is null)
        {
            PrintProblems(path, env is Replay.ReplayEnvironment replay ? replay.Explain(problems) : problems);
            return null;
        }
        if (printWarnings)
        {
            foreach (var warning in problems.Warnings) Console.Error.WriteLine($"warning: {warning}");
        }
        return loaded;
    }

    public static void PrintProblems(string path, ConfigErrors problems)
    {
        var errors = problems.Errors.ToList();
        Console.Error.WriteLine($"config invalid: {path}: {errors.Count} problem{(errors.Count == 1 ? "" : "s")}");
        foreach (var error in errors) Console.Error.WriteLine($"  error: {error}");
        foreach (var warning in problems.Warnings) Console.Error.WriteLine($"  warning: {warning}");
    }
}
