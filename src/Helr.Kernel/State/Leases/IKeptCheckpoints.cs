namespace Helr.Kernel.State.Leases;

/// <summary>
/// Checkpoints of a source kept in memory while the store could not be reached (the memory fallback).
/// They must reach the store before the source's lease goes back: the next holder starts from the
/// stored position, and without their dedupe ids it would emit every page they covered again.
/// </summary>
internal interface IKeptCheckpoints
{
    /// <summary>Writes the source's kept checkpoints, if any; false when the store cannot take them now.</summary>
    Task<bool> SettleAsync(string sourceId, CancellationToken ct);

    /// <summary>Forgets them (logging <paramref name="why"/>): they are not this instance's to write any more.</summary>
    void Discard(string sourceId, string why);
}
