namespace Helr.Kernel.Output;

/// <summary>Whether the output is under load, for load shedding.</summary>
internal interface IOutputLoad
{
    /// <summary>True while the queue is full (or spilling) and until it drains below 75 % of its limits.</summary>
    bool UnderLoad { get; }

    /// <summary>The failure that stopped output, if any.</summary>
    Exception? Failure { get; }

    /// <summary>Completes when the output is no longer under load (or failed).</summary>
    Task WhenLoadClearedAsync(CancellationToken ct);
}
