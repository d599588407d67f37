namespace Helr.Kernel.State;

/// <summary>
/// What one checkpoint writes for a source: state values, the ids of events written since the last
/// commit (appended to the persisted dedupe window, which keeps the newest <see cref="DedupeCapacity"/>),
/// and the lease fence that must still hold for the write to happen (null: no lease check).
/// </summary>
internal sealed record StateCommit(
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<string> DedupeIds,
    int DedupeCapacity,
    LeaseFence? Fence = null)
{
    public static StateCommit Of(IReadOnlyDictionary<string, string> values) => new(values, Array.Empty<string>(), 0);

    public bool IsEmpty => Values.Count == 0 && DedupeIds.Count == 0;
}
