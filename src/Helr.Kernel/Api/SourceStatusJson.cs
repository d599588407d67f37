using Helr.Kernel.Observability;
using System.Text.Json.Nodes;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Polling;
using Helr.Kernel.Resilience;

namespace Helr.Kernel.Api;

/// <summary>
/// One source's status as every view shows it. Upstream's keys (<c>status</c>, <c>circuit_state</c>,
/// <c>last_error</c>) keep their meaning, except that <c>last_error</c> is always present (null when
/// none) and a source that works again is ok again: the status says how the source is now, and
/// <c>last_error_at</c> says when the last error happened.
/// </summary>
internal static class SourceStatusJson
{
    public static string Status(SourceStatusSnapshot s, CircuitStatus circuit, StalledPage? stall, StuckCycle? stuck = null) =>
        circuit.State == CircuitState.Open || stall?.Unhealthy == true || s.FailuresInARow >= SourceStatusEntry.UnhealthyAfterFailures || stuck?.Why is not null ? "unhealthy"
        : s.FailuresInARow > 0 || circuit.State == CircuitState.HalfOpen || stall?.Cycles > 0 ? "degraded"
        : "ok";

    public static JsonObject Build(SourceStatusSnapshot s, SourceRunner? runner, DateTimeOffset now)
    {
        var circuit = runner?.Circuit ?? CircuitStatus.Disabled;
        // A stuck cycle has no outcome yet: what it is doing is the source's error until it returns.
        var stuck = runner?.Stuck;
        var stuckWhy = stuck?.Why;
        return new JsonObject
        {
            ["status"] = Status(s, circuit, runner?.Stall, stuck),
            ["circuit_state"] = Circuit(circuit, now),
            ["last_error"] = stuckWhy ?? s.LastError,
            ["last_error_at"] = ApiJson.Time(stuckWhy is null ? s.LastErrorAt : stuck!.Since),
            ["last_success"] = ApiJson.Time(s.LastSuccess),
            ["last_poll"] = ApiJson.Time(s.LastPoll),
            ["consecutive_failures"] = s.FailuresInARow,
            ["stalled_cycles"] = runner?.Stall.Cycles ?? 0,
            ["cycles"] = s.Cycles,
            ["newest_event_time"] = ApiJson.Time(s.NewestEventTime),
            ["lag_secs"] = s.LagSeconds is { } lag ? Math.Round(lag, 3) : null,
            ["events_last_hour"] = s.EventsPerMinute.Sum(),
            ["events_per_minute"] = new JsonArray(s.EventsPerMinute.Select(n => (JsonNode)n).ToArray()),
        };
    }

    // Upstream's shape: closed → failures, open → open_until_secs (seconds left), half_open → successes.
    private static JsonObject Circuit(CircuitStatus circuit, DateTimeOffset now)
    {
        var json = new JsonObject { ["state"] = circuit.StateName, ["enabled"] = circuit.Enabled };
        switch (circuit.State)
        {
            case CircuitState.Open:
                json["open_until_secs"] = circuit.OpenUntil is { } until ? Math.Max(0, Math.Round((until - now).TotalSeconds, 3)) : 0;
                break;
            case CircuitState.HalfOpen:
                json["successes"] = circuit.HalfOpenSuccesses;
                break;
            default:
                json["failures"] = circuit.ConsecutiveFailures;
                break;
        }
        return json;
    }
}
