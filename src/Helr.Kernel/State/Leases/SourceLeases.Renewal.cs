using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.State.Leases;

// The background side: the instance heartbeat and the renewal loop that runs every third of the TTL.
internal sealed partial class SourceLeases
{
    private async Task HeartbeatAsync()
    {
        if (!_register) return;
        try
        {
            _instances = Math.Max(1, await _store.HeartbeatAsync(Holder, Ttl, _stop.Token));
            StoreAnswers = true;
        }
        catch (StateStoreUnavailableException ex)
        {
            StoreAnswers = false;
            _log.Debug("instance heartbeat failed: {Error}", ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
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
                    if (!_held.TryGetValue(sourceId, out var held)) continue;
                    var token = await _store.TryAcquireAsync(sourceId, Holder, Ttl, _stop.Token);
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
                    _log.Debug("lease renewal for {SourceId} failed: {Error}", sourceId, ex.Message);
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
}
