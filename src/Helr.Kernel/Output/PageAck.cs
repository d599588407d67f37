namespace Helr.Kernel.Output;

/// <summary>What the output did with a page; <see cref="Failure"/> is set when it failed.</summary>
internal sealed record PageAck(PageOutcome Outcome, Exception? Failure = null)
{
    public static readonly PageAck Written = new(PageOutcome.Written);

    public static readonly PageAck Dropped = new(PageOutcome.Dropped);
}
