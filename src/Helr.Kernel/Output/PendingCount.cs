using System.Runtime.CompilerServices;
using Helr.Kernel.Observability.Telemetry;
using Prometheus;

namespace Helr.Kernel.Output;

/// <summary>
/// A source's pending-events series, moved as a page's lines are admitted and disposed of. Only this type
/// names prometheus-net on the output path, and only in methods a run that records no metrics never calls:
/// compiling a method that names a prometheus-net type (or, in precompiled code, entering one that inlined
/// it) loads the library, which such a run never needs (docs/performance.md, "Start-up").
/// </summary>
internal sealed class PendingCount(Gauge.Child series)
{
    /// <summary>The series of <paramref name="source"/> in the run's metrics.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static PendingCount For(Telemetry telemetry, string source) => new(telemetry.Metrics.Pending.WithLabels(source));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Up(int lines) => series.Inc(lines);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Down(int lines) => series.Dec(lines);
}
