using System.Collections.Concurrent;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.State.Leases;

// The background side: the instance heartbeat and the renewal loop that runs every third of the TTL.
internal sealed partial class SourceLeases
{
    // An operator must learn that a lease is slipping before another instance takes the source, but an
    // outage fails every source's renewal every third of the TTL: the first failure of a run of them
    // warns, then one warning per source every few minutes while it lasts.
    private static readonly TimeSpan RenewalWarningEvery = TimeSpan.FromMinutes(5);
    // Source → renewals failed in a row, and when the last warning about them was logged.
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Warned)> _renewalFailures = new(StringComparer.Ordinal);

    private async Task HeartbeatAsync()
    {
        if (!_register) return;
        try
        {
            _instances = Math.Max(1, await _store.HeartbeatAsync(Holder, Ttl, _stop.Token));
            if (!StoreAnswers) _log.Information("instance heartbeat works again");
            StoreAnswers = true;
        }
        catch (StateStoreUnavailableException ex)
        {
            // Once per run of failures: at Debug only, a heartbeat failing for good (helr:instances of another type) went
            // unseen while this instance, uncounted by the others, kept its old count of instances for the fair share.
            if (StoreAnswers)
                _log.Warning("instance heartbeat failed: {Error}; until it works, the fair share counts {Instances} live instance(s)", ex.Message, _instances);
            else _log.Debug("instance heartbeat failed: {Error}", ex.Message);
            StoreAnswers = false;
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    // A helr restarted after a crash found its dead predecessor still registered (until that registration
    // expired, a lease time later) and counted it: its share halved, it took over the predecessor's leases only
    // up to that share and left the rest waiting about a lease time, though it knows the predecessor is dead.
    private async Task ForgetDeadPredecessorsAsync()
    {
        if (!_register) return;
        try
        {
            foreach (var dead in (await _store.InstancesAsync(_stop.Token)).Where(h => h != Holder && LeaseHolderId.IsDeadOnThisHost(h)))
                await _store.LeaveAsync(dead, _stop.Token);
        }
        catch (StateStoreUnavailableException)
        {
            // Its registration expires after its time to live.
        }
    }

    private async Task RenewLoopAsync()
    {
        var period = TimeSpan.FromTicks(Ttl.Ticks / 3);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await HeartbeatAsync();
            foreach (var sourceId in _held.Keys)
            {
                SemaphoreSlim one;
                try
                {
                    one = await ChangingAsync(sourceId, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                try
                {
                    // Read under the lock: the source may have been given back, or given back and taken again
                    // under a new token, since the round started.
                    if (!_held.TryGetValue(sourceId, out var held))
                    {
                        _renewalFailures.TryRemove(sourceId, out _);
                        continue;
                    }
                    var token = await _store.TryAcquireAsync(sourceId, Holder, Ttl, _stop.Token);
                    Renewed(sourceId);
                    if (!_held.ContainsKey(sourceId))
                    {
                        // Marked lost (a refused checkpoint) while this renewal was on its way: not ours to keep.
                        if (token is not null) await _store.ReleaseAsync(sourceId, Holder, _stop.Token);
                        continue;
                    }
                    if (token is not null && held == 0)
                    {
                        if (_held.TryUpdate(sourceId, token.Value, 0)) _telemetry.Emit(new LeaseChanged(sourceId, LeaseChanged.Confirmed, Token: token.Value));
                    }
                    else if (token != held)
                    {
                        // Lost, or held by someone else meanwhile and now ours again under a new token: either
                        // way checkpoints of the cycle in progress must not be written.
                        MarkLost(sourceId);
                    }
                }
                catch (StateStoreUnavailableException ex)
                {
                    RenewalFailed(sourceId, ex.Message);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                finally
                {
                    one.Release();
                }
            }
        }
    }

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
