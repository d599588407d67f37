namespace Helr.Kernel.State;

/// <summary>Conveniences over <see cref="IStateStore.CommitAsync"/>.</summary>
internal static class StateStoreExtensions
{
    /// <summary>Writes all <paramref name="values"/> atomically.</summary>
    public static Task SetManyAsync(this IStateStore store, string sourceId, IReadOnlyDictionary<string, string> values, CancellationToken ct = default) =>
        values.Count == 0 ? Task.CompletedTask : store.CommitAsync(sourceId, StateCommit.Of(values), ct);
}
