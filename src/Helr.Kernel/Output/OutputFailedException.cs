namespace Helr.Kernel.Output;

/// <summary>Output can no longer be written; the process must stop without checkpointing further.</summary>
internal sealed class OutputFailedException(Exception inner)
    : Exception($"output failed: {Describe(inner)}", inner)
{
    private static string Describe(Exception ex) =>
        ex.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase) ? "broken pipe (the consumer of stdout exited)" : ex.Message;
}
