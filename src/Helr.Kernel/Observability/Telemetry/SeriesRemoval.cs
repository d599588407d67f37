using Prometheus;

namespace Helr.Kernel.Observability.Telemetry;

/// <summary>Takes one source's series off a collector (every helr_* series has the source as its first label).</summary>
/// <remarks>A class of its own: a generic method over a prometheus-net type declared on <see cref="HelrMetrics"/>
/// made loading that type load the library, also in runs that serve no metrics (MetricsLibraryLoadTests).</remarks>
internal static class SeriesRemoval
{
    public static void Drop<TChild>(Collector<TChild> series, string source) where TChild : ChildBase
    {
        foreach (var labels in series.GetAllLabelValues().Where(l => l.Length > 0 && l[0] == source).ToList()) series.RemoveLabelled(labels);
    }
}
