namespace Helr.Kernel.State;

/// <summary>
/// A fenced write was refused because this instance no longer holds the source's lease: another
/// instance has taken the source over, so this one must stop polling it.
/// </summary>
internal sealed class LeaseLostException(string sourceId)
    : Exception($"the lease for source \"{sourceId}\" is held by another instance; this instance stops polling it")
{
    public string SourceId { get; } = sourceId;
}
