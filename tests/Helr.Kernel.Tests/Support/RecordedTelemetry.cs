using System.Collections.Concurrent;
using Helr.Kernel.Observability.Telemetry;

namespace Helr.Kernel.Tests.Support;

/// <summary>Every telemetry event a hub reported while subscribed, in order: what tests assert on instead of log text.</summary>
internal sealed class RecordedTelemetry : ITelemetryListener, IDisposable
{
    private readonly ConcurrentQueue<ITelemetryEvent> _events = new();
    private readonly IDisposable _subscription;

    public RecordedTelemetry(Telemetry telemetry) => _subscription = telemetry.Subscribe(this);

    public void On(ITelemetryEvent e) => _events.Enqueue(e);

    public IReadOnlyList<T> Of<T>() where T : ITelemetryEvent => _events.OfType<T>().ToList();

    public void Dispose() => _subscription.Dispose();
}
