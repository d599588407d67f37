using Helr.Kernel.Observability;
using Helr.Kernel.Config;
using Helr.Kernel.Resilience;
using Helr.Kernel.Tests.Support;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Serilog.Core;

namespace Helr.Kernel.Tests.Resilience;

public sealed class CircuitBreakerStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly Telemetry _telemetry = Telemetry.Create(Logger.None);

    private CircuitBreakerState Breaker(CircuitBreakerConfig config) => new("s1", config, _time, _telemetry);

    [Fact]
    public void Each_state_change_is_one_event_and_moves_the_gauge()
    {
        using var recorded = new RecordedTelemetry(_telemetry);
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 2, SuccessThreshold = 1, ResetTimeoutSecs = 10 });
        breaker.OnFailure();
        Assert.Empty(recorded.Of<CircuitStateChanged>());
        breaker.OnFailure();
        Assert.Equal(1, _telemetry.Metrics.CircuitState.WithLabels("s1").Value);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryPass(out _));
        Assert.Equal(2, _telemetry.Metrics.CircuitState.WithLabels("s1").Value);
        breaker.OnSuccess();
        Assert.Equal(0, _telemetry.Metrics.CircuitState.WithLabels("s1").Value);
        Assert.Equal(new[] { CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed }, recorded.Of<CircuitStateChanged>().Select(e => e.State));
        Assert.Equal("2 consecutive failures", recorded.Of<CircuitStateChanged>()[0].Detail);
    }

    [Fact]
    public void Once_the_open_period_has_ended_the_source_is_shown_half_open_not_unhealthy_before_its_next_poll()
    {
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 1, HalfOpenTimeoutSecs = 60 });
        var polled = new Helr.Kernel.Observability.Status.SourceStatusSnapshot { Cycles = 1, FailuresInARow = 1, LastError = "HTTP 503", EventsPerMinute = [] };
        breaker.OnFailure();
        Assert.Equal("unhealthy", Helr.Kernel.Api.SourceStatusJson.Status(polled, breaker.Snapshot(), null));

        _time.Advance(TimeSpan.FromSeconds(60));

        // No request since: the next one goes out as a probe, so the source is not refused any more.
        var status = breaker.Snapshot();
        Assert.Equal(CircuitState.HalfOpen, status.State);
        Assert.Null(status.OpenUntil);
        Assert.Equal("degraded", Helr.Kernel.Api.SourceStatusJson.Status(polled, status, null));
        Assert.True(breaker.TryPass(out _));
    }

    [Fact]
    public void Opens_after_failure_threshold_consecutive_failures_only()
    {
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 3 });
        breaker.OnFailure();
        breaker.OnFailure();
        breaker.OnSuccess(); // resets the run
        breaker.OnFailure();
        breaker.OnFailure();
        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State);
        breaker.OnFailure();
        Assert.Equal(CircuitState.Open, breaker.Snapshot().State);
        Assert.False(breaker.TryPass(out var remaining));
        Assert.Equal(TimeSpan.FromSeconds(60), remaining);
    }

    [Fact]
    public void Goes_half_open_after_the_open_duration_and_closes_after_success_threshold()
    {
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 1, SuccessThreshold = 2, HalfOpenTimeoutSecs = 60, ResetTimeoutSecs = 10 });
        breaker.OnFailure();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(breaker.TryPass(out _));
        _time.Advance(TimeSpan.FromSeconds(1)); // min(60, 10) = 10 s
        Assert.True(breaker.TryPass(out _));
        Assert.Equal("half_open", breaker.Snapshot().StateName);
        breaker.OnSuccess();
        Assert.Equal(CircuitState.HalfOpen, breaker.Snapshot().State);
        breaker.OnSuccess();
        Assert.Equal(new CircuitStatus(CircuitState.Closed, 0, 0, null), breaker.Snapshot());
    }

    [Fact]
    public void A_failure_while_half_open_opens_again()
    {
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 5, HalfOpenTimeoutSecs = 5 });
        for (var i = 0; i < 5; i++) breaker.OnFailure();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(breaker.TryPass(out _));
        breaker.OnFailure();
        var status = breaker.Snapshot();
        Assert.Equal(CircuitState.Open, status.State);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(5), status.OpenUntil);
    }

    [Fact]
    public void Failure_rate_opens_once_minimum_requests_is_reached()
    {
        var breaker = Breaker(new CircuitBreakerConfig { FailureThreshold = 100, FailureRateThreshold = 0.5, MinimumRequests = 4 });
        breaker.OnFailure();
        breaker.OnSuccess();
        breaker.OnFailure();
        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State); // 2 of 3: too few requests yet
        breaker.OnSuccess();
        breaker.OnFailure(); // 3 of 5 = 0.6
        Assert.Equal(CircuitState.Open, breaker.Snapshot().State);
    }

    [Fact]
    public void An_open_circuit_lets_its_probe_through_when_due_though_the_wall_clock_was_stepped_back()
    {
        // Measured on the wall clock, an hour stepped back (NTP, a VM snapshot restored) kept the circuit
        // open an hour longer: every request of the source refused, nothing collected.
        var clock = new SteppedClock(_time);
        var breaker = new CircuitBreakerState("s1", new CircuitBreakerConfig { FailureThreshold = 1, ResetTimeoutSecs = 10 }, clock, _telemetry);
        breaker.OnFailure();
        Assert.Equal(CircuitState.Open, breaker.Snapshot().State);

        clock.Offset = -TimeSpan.FromHours(1);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(breaker.TryPass(out var remaining), $"still open, {remaining} left");
        Assert.Equal(CircuitState.HalfOpen, breaker.Snapshot().State);
    }
}
