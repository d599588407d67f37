using System.CommandLine;

namespace Helr.Kernel.Cli;

/// <summary>Options every subcommand accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>
    /// Only on the commands that read a config (<see cref="OfferConfig"/>), not recursive: every command's
    /// help listed it with its helr.yaml default, and <c>helr demo -c my.yaml</c> ran the sample without a word.
    /// </summary>
    public static readonly Option<string> Config = NonEmptyPath.Of(new Option<string>("--config", "-c")
    {
        Description = "Path to the config file",
        DefaultValueFactory = _ => "helr.yaml",
    });

    public static readonly Option<string?> PluginsDir = NonEmptyPath.Of(new Option<string?>("--plugins-dir")
    {
        Description = "Folder holding plugin folders (default: HELR_PLUGINS_DIR, else plugins/ beside helr)",
        Recursive = true,
    });

    public static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Debug logging", Recursive = true };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Only errors are logged", Recursive = true };

    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Exit at once without loading anything", Recursive = true };

    /// <summary>Adds <see cref="Config"/> to every command under <paramref name="command"/> but <paramref name="readNone"/> and theirs.</summary>
    public static void OfferConfig(Command command, IReadOnlyCollection<Command> readNone)
    {
        foreach (var sub in command.Subcommands.Where(c => !readNone.Contains(c)))
        {
            if (!sub.Options.Contains(Config)) sub.Options.Add(Config);
            OfferConfig(sub, readNone);
        }
    }

    public static void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(PluginsDir);
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        root.Options.Add(DryRun);
    }
}
