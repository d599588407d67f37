using System.CommandLine;
using System.Runtime.InteropServices;
using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Cli;

internal static class CliSupport
{
    /// <summary>
    /// The source types of the plugins folder. A plugin folder is loaded when the config names a type
    /// it provides; <paramref name="allPlugins"/> loads every folder up front, so that a broken one is
    /// reported even when no source uses it (validate).
    /// </summary>
    public static SourceTypeRegistry LoadRegistry(ParseResult parse, bool allPlugins = false)
    {
        var directory = PluginCatalog.ResolveDirectory(parse.GetValue(GlobalOptions.PluginsDir));
        return new(allPlugins ? PluginCatalog.Load(directory) : PluginCatalog.Open(directory));
    }

    /// <summary>Loads and validates the config (building its sources), printing every problem to stderr; null when invalid.</summary>
    /// <param name="audit">Gets the config's audit events (<c>global.audit</c>), to be reported once logging is up.</param>
    public static LoadedConfig? LoadConfig(ParseResult parse, SourceTypeRegistry registry, bool printWarnings = false, PluginSdk.Sources.IHelrEnvironment? env = null, Observability.Telemetry.AuditTrail? audit = null)
    {
        var path = parse.GetValue(GlobalOptions.Config)!;
        var (loaded, problems) = ConfigLoader.Load(path, registry, env, audit: audit);
        if (loaded is null)
        {
            PrintProblems(path, problems);
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

    /// <summary>Cancels on SIGINT/SIGTERM instead of letting the runtime kill the process mid-page.</summary>
    public static IDisposable OnShutdownSignal(CancellationTokenSource cts)
    {
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            cts.Cancel();
        }
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
        };
        return new Registrations(registrations);
    }

    private sealed class Registrations(IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}
