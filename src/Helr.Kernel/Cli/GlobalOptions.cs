using System.CommandLine;

namespace Helr.Kernel.Cli;

/// <summary>Options every subcommand accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Config = NonEmptyPath.Of(new Option<string>("--config", "-c")
    {
        Description = "Path to the config file",
        DefaultValueFactory = _ => "helr.yaml",
        Recursive = true,
    });

    public static readonly Option<string?> PluginsDir = NonEmptyPath.Of(new Option<string?>("--plugins-dir")
    {
        Description = "Folder holding plugin folders (default: HELR_PLUGINS_DIR, else plugins/ beside helr)",
        Recursive = true,
    });

    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Debug logging", Recursive = true };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only errors are logged", Recursive = true };

    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Exit at once without loading anything", Recursive = true };

    public static void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(PluginsDir);
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        root.Options.Add(DryRun);
    }
}
