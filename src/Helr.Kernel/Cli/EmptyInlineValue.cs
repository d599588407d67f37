using System.CommandLine;

namespace Helr.Kernel.Cli;

/// <summary>
/// <c>--config=</c> (from <c>--config=$HELR_CONFIG</c> with the variable unset): the parser read it as the
/// option alone and took the next word for its value, so <c>helr --config= run</c> read a config file
/// named <c>run</c>. Split into the option and an empty value, it meets the option's own check
/// (<see cref="NonEmptyPath"/>: a usage error naming the option).
/// </summary>
internal static class EmptyInlineValue
{
    public static string[] Split(string[] args, Command root)
    {
        var valued = new HashSet<string>(StringComparer.Ordinal);
        Collect(root, valued);
        var split = new List<string>(args.Length + 1);
        var operands = false;
        foreach (var arg in args)
        {
            // After "--" every word is an operand, whatever it looks like.
            operands |= arg == "--";
            if (!operands && arg.EndsWith('=') && valued.Contains(arg[..^1])) split.AddRange([arg[..^1], ""]);
            else split.Add(arg);
        }
        return split.ToArray();
    }

    // Flags (--once=) are left as they came: they take no value, empty or not.
    private static void Collect(Command command, HashSet<string> valued)
    {
        foreach (var option in command.Options.Where(o => o.ValueType != typeof(bool)))
        {
            valued.Add(option.Name);
            valued.UnionWith(option.Aliases);
        }
        foreach (var sub in command.Subcommands) Collect(sub, valued);
    }
}
