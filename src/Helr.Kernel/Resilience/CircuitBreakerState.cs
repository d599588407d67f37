using Helr.Kernel.Observability;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;

namespace Helr.Kernel.Resilience;

/// <summary>
/// The breaker's state machine for one source. Polly v8's own breaker judges a failure ratio over a
/// sampling window and closes after one probe; upstream Helr's contract needs consecutive failures
/// (<c>failure_threshold</c>), several probe successes (<c>success_threshold</c>) and an optional
/// ratio since the circuit last closed, so the state lives here and <see cref="CircuitBreakerStrategy"/>
/// plugs it into the Polly pipeline.
/// </summary>
internal sealed class CircuitBreakerState(string sourceId, CircuitBreakerConfig config, TimeProvider time, Telemetry telemetry)
{
    private readonly Lock _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private int _requests;
    private int _failures;
    private int _successes;
    // When the circuit opened, on the monotonic clock: a wall clock stepped back (NTP, a VM snapshot)
    // kept a circuit measured against it open for the whole step, refusing every request of the source.
    private long _openedAt;

    private TimeSpan OpenLeft => config.OpenDuration - time.GetElapsedTime(_openedAt);

    public CircuitStatus Snapshot()
    {
        lock (_lock)
        {
            // An open period that has ended lets the next request through (TryPass turns it half-open then):
            // shown as open, the source was unhealthy until its next poll, an hour of false alarm for an hourly one.
            if (_state == CircuitState.Open && OpenLeft <= TimeSpan.Zero) return new CircuitStatus(CircuitState.HalfOpen, _consecutiveFailures, 0, null);
            return new CircuitStatus(_state, _consecutiveFailures, _successes, _state == CircuitState.Open ? time.GetUtcNow() + OpenLeft : null);
        }
    }

    /// <summary>True when a request may go out; when open and not yet due, false with the time left.</summary>
    public bool TryPass(out TimeSpan remaining)
    {
        lock (_lock)
        {
            remaining = TimeSpan.Zero;
            if (_state != CircuitState.Open) return true;
            var left = OpenLeft;
            if (left > TimeSpan.Zero)
            {
                remaining = left;
                return false;
            }
            // Every request is let through while half-open: a source's pages are sequential, and a
            // token fetch nested inside a probe must not be refused by its own probe.
            _state = CircuitState.HalfOpen;
            _successes = 0;
        }
        telemetry.Emit(new CircuitStateChanged(sourceId, CircuitState.HalfOpen, "probe"));
        return true;
    }

    public void OnSuccess()
    {
        bool closed;
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _requests++;
            closed = _state == CircuitState.HalfOpen && ++_successes >= config.SuccessThreshold;
            if (closed) Reset();
        }
        if (closed) telemetry.Emit(new CircuitStateChanged(sourceId, CircuitState.Closed, config.SuccessThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void OnFailure()
    {
        string? reason = null;
        lock (_lock)
        {
            _consecutiveFailures++;
            _requests++;
            _failures++;
            if (_state == CircuitState.HalfOpen) reason = "the half-open probe failed";
            else if (_state == CircuitState.Closed && _consecutiveFailures >= config.FailureThreshold)
                reason = $"{_consecutiveFailures} consecutive failures";
            else if (_state == CircuitState.Closed && config is { FailureRateThreshold: { } rate, MinimumRequests: { } min }
                && _requests >= min && (double)_failures / _requests >= rate)
                reason = $"{_failures} of {_requests} requests failed";
            if (reason is null) return;
            _state = CircuitState.Open;
            _openedAt = time.GetTimestamp();
            _successes = 0;
        }
        telemetry.Emit(new CircuitStateChanged(sourceId, CircuitState.Open, reason, config.OpenDuration));
    }

    private void Reset()
    {
        _state = CircuitState.Closed;
        _consecutiveFailures = _requests = _failures = _successes = 0;
    }
}
