using System.CommandLine;

namespace Helr.Kernel.Cli;

/// <summary>
/// <c>helr help [COMMAND]...</c> (and <c>helr state help [COMMAND]</c>): upstream's clap answers it with that
/// command's help and exit 0, as it does for every command that has subcommands; here it was a usage error
/// (<c>Unrecognized command or argument 'help'</c>, exit 2). Rewritten to <c>[COMMAND]... --help</c>, so a
/// word that names no command stays a usage error, as with clap.
/// </summary>
internal static class HelpCommand
{
    public static string[] Rewrite(string[] args, Command root)
    {
        var command = root;
        for (var i = 0; i < args.Length; i++)
        {
            var word = args[i];
            if (word == "help" && command.Subcommands.Count > 0)
                return Names(command, args[(i + 1)..]) ? [.. args[..i], .. args[(i + 1)..], "--help"] : args;
            // -v, -q, --dry-run before the word, as clap allows its global flags anywhere.
            if (root.Options.Any(o => o.ValueType == typeof(bool) && (o.Name == word || o.Aliases.Contains(word)))) continue;
            var sub = command.Subcommands.FirstOrDefault(c => c.Name == word);
            if (sub is null) return args;
            command = sub;
        }
        return args;
    }

    // Only command words: --help after another word shows the help of the command before it, past a usage error.
    private static bool Names(Command command, string[] words)
    {
        foreach (var word in words)
        {
            if (command.Subcommands.FirstOrDefault(c => c.Name == word) is not { } sub) return false;
            command = sub;
        }
        return true;
    }
}
