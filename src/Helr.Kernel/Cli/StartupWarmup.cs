using Helr.Kernel.Observability.Telemetry;

namespace Helr.Kernel.Cli;

/// <summary>
/// Start-up work of <c>run</c> done early on another thread while the main thread reads the config:
/// creating the metric series loads prometheus-net and runs its static initialisers (compiled regular
/// expressions for names and labels), 15–19 ms the main thread otherwise spends later, with the
/// second core idle. Throwaway series on a registry nobody reads; the run's own come from its
/// Telemetry as before.
/// </summary>
internal static class StartupWarmup
{
    public static void Start() => ThreadPool.UnsafeQueueUserWorkItem(static _ =>
    {
        try
        {
            _ = new HelrMetrics(Prometheus.Metrics.NewCustomRegistry(), TimeProvider.System);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a warm-up: the run builds its own series and reports what fails there.
        }
    }, null);
}
