namespace Helr.Kernel.Cli;

/// <summary>What a command printed could not be written to stdout.</summary>
internal sealed class StdoutWriteException(IOException inner) : IOException($"cannot write to stdout: {Describe(inner)}", inner)
{
    private static string Describe(IOException ex) =>
        ex.HResult == 32 ? "broken pipe (the reader of stdout exited)" : ex.Message; // 32: EPIPE
}
