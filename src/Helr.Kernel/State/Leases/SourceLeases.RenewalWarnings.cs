using System.Collections.Concurrent;

namespace Helr.Kernel.State.Leases;

// What the renewals tell the operator: a lease slipping, and its renewals working again.
internal sealed partial class SourceLeases
{
    // An operator must learn that a lease is slipping before another instance takes the source, but an
    // outage fails every source's renewal every third of the TTL: the first failure of a run of them
    // warns, then one warning per source every few minutes while it lasts.
    private static readonly TimeSpan RenewalWarningEvery = TimeSpan.FromMinutes(5);
    // Source → renewals failed in a row, and when the last warning about them was logged.
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Warned)> _renewalFailures = new(StringComparer.Ordinal);

    // The error is the store's own message, which names the store without its password (IStateStore.Description).
    private void RenewalFailed(string sourceId, string error)
    {
        var now = _time.GetUtcNow();
        var (failures, warned) = _renewalFailures.GetValueOrDefault(sourceId);
        failures++;
        if (failures == 1 || now - warned >= RenewalWarningEvery)
        {
            _log.Warning("lease renewal for {SourceId} failed ({Failures} in a row): {Error}; unless a renewal succeeds within {TtlSecs} s of the last one, "
                + "the lease lapses and another instance may take the source over", sourceId, failures, error, (int)Ttl.TotalSeconds);
            warned = now;
        }
        else _log.Debug("lease renewal for {SourceId} failed: {Error}", sourceId, error);
        _renewalFailures[sourceId] = (failures, warned);
    }

    // The store answered (whether the lease is still ours is another matter).
    private void Renewed(string sourceId)
    {
        if (_renewalFailures.TryRemove(sourceId, out var trouble))
            _log.Information("lease renewal for {SourceId} works again, after {Failures} failed attempts", sourceId, trouble.Failures);
    }
}
