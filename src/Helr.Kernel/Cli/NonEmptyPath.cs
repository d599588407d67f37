using System.CommandLine;

namespace Helr.Kernel.Cli;

/// <summary>
/// A path given as an empty value (<c>-c "$HELR_CONFIG"</c> with the variable unset) is a command-line
/// error naming the option. Taken as it came, .NET's file calls threw on it and the user got a stack
/// trace (<c>-c</c>, <c>--record-dir</c>, <c>demo --state</c>), and an empty <c>--output</c> read as
/// none: the events went to stdout instead of the file meant.
/// </summary>
internal static class NonEmptyPath
{
    public static TOption Of<TOption>(TOption option) where TOption : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Length == 0)) result.AddError($"{option.Name} needs a path, not an empty value");
        });
        return option;
    }

    public static TArgument Of<TArgument>(TArgument argument, string what) where TArgument : Argument
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => t.Value.Length == 0)) result.AddError($"{what} needs a path, not an empty value");
        });
        return argument;
    }
}
