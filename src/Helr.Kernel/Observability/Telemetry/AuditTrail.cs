namespace Helr.Kernel.Observability.Telemetry;

/// <summary>
/// Audit events (<c>global.audit</c>) from the moment the config is read. Config loading runs before
/// logging exists, so the events are held until <see cref="Attach"/> and then reported in order:
/// upstream drops its start-up "config loaded" line this way; Helr outputs it.
/// </summary>
internal sealed class AuditTrail
{
    private readonly Lock _lock = new();
    private readonly List<ITelemetryEvent> _held = [];
    private Telemetry? _telemetry;

    public void Emit(ITelemetryEvent e)
    {
        Telemetry? target;
        lock (_lock)
        {
            target = _telemetry;
            if (target is null)
            {
                _held.Add(e);
                return;
            }
        }
        target.Emit(e);
    }

    /// <summary>Reports what was held and sends every later event straight to <paramref name="telemetry"/>.</summary>
    public void Attach(Telemetry telemetry)
    {
        List<ITelemetryEvent> held;
        lock (_lock)
        {
            held = [.. _held];
            _held.Clear();
            _telemetry = telemetry;
        }
        foreach (var e in held) telemetry.Emit(e);
    }
}
