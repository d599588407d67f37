using System.Collections.Concurrent;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.State.Leases;

// The background side: the instance heartbeat and the renewal rounds that start every third of the TTL.
internal sealed partial class SourceLeases
{
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

    // Renewals at once: a round of many sources on a slow or distant store one after the other outlasted
    // the rest of the lease, and leases lapsed (sources moved between instances, a duplicate at each move).
    private const int RenewalsAtOnce = 16;
    private readonly SemaphoreSlim _renewalSlots = new(RenewalsAtOnce, RenewalsAtOnce);
    // Sources whose renewal is on its way: a round skips them (one that hangs is still renewing).
    private readonly ConcurrentDictionary<string, Task> _renewing = new(StringComparer.Ordinal);

    // Rounds start every third of the TTL, start to start (a round that overran is followed at once):
    // counted from a round's end, a long round pushed the next one past the leases' expiry.
    private async Task RenewLoopAsync()
    {
        var period = TimeSpan.FromTicks(Ttl.Ticks / 3);
        var started = _time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var wait = period - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            started = _time.GetTimestamp();
            await HeartbeatAsync();
            await RenewRoundAsync(period);
        }
        // Nothing renews once disposing releases the leases.
        await Task.WhenAll(_renewing.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    // Waits for the round's renewals, but not past the next round's start: one still on its way then
    // (a hung store call) keeps its source out of later rounds and holds up no other source's renewal.
    private async Task RenewRoundAsync(TimeSpan period)
    {
        var round = new List<Task>();
        foreach (var sourceId in _held.Keys)
        {
            if (_renewing.ContainsKey(sourceId)) continue;
            var renewal = Task.Run(() => RenewAsync(sourceId));
            _renewing[sourceId] = renewal;
            _ = renewal.ContinueWith(t => _renewing.TryRemove(new KeyValuePair<string, Task>(sourceId, t)), TaskScheduler.Default);
            round.Add(renewal);
        }
        if (round.Count == 0) return;
        using var late = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var next = Task.Delay(period, _time, late.Token);
        await Task.WhenAny(Task.WhenAll(round), next);
        late.Cancel();
    }

    private async Task RenewAsync(string sourceId)
    {
        try
        {
            await _renewalSlots.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await RenewOneAsync(sourceId);
        }
        finally
        {
            _renewalSlots.Release();
        }
    }

    private async Task RenewOneAsync(string sourceId)
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
                return;
            }
            var token = await _store.TryAcquireAsync(sourceId, Holder, Ttl, _stop.Token);
            Renewed(sourceId);
            if (!_held.ContainsKey(sourceId))
            {
                // Marked lost (a refused checkpoint) while this renewal was on its way: not ours to keep.
                if (token is not null) await _store.ReleaseAsync(sourceId, Holder, _stop.Token);
                return;
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
            // Shutting down.
        }
        finally
        {
            one.Release();
        }
    }
}
