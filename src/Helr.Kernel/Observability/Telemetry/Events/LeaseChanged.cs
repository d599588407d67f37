using Serilog;

namespace Helr.Kernel.Observability.Telemetry.Events;

/// <summary>
/// This instance's hold on a source's lease changed (redis and postgres state only). <paramref name="Holder"/>
/// is this instance for <c>acquired</c>, the dead predecessor for <c>taken_over</c>; <paramref name="Token"/>
/// the fencing token where there is one; <paramref name="Instances"/> / <paramref name="Sources"/> why a lease was released.
/// </summary>
internal sealed record LeaseChanged(string Source, string Change, string? Holder = null, long Token = 0, int Instances = 0, int Sources = 0) : ITelemetryEvent
{
    public const string Acquired = "acquired";
    public const string Confirmed = "confirmed";
    public const string Released = "released";
    public const string TakenOver = "taken_over";
    public const string Lost = "lost";
    public const string Dropped = "dropped";

    public void Log(ILogger log)
    {
        switch (Change)
        {
            case Acquired:
                log.Information("lease acquired: {SourceId} is polled by this instance ({Holder}, fencing token {Token})", Source, Holder, Token);
                break;
            case Confirmed:
                log.Information("lease confirmed: {SourceId} (fencing token {Token})", Source, Token);
                break;
            case Released:
                log.Information("lease released: {SourceId} goes to another instance ({Instances} instances share {Sources} sources)", Source, Instances, Sources);
                break;
            case Dropped:
                log.Information("lease released: {SourceId} is no longer in this instance's config; another instance may take it now", Source);
                break;
            case TakenOver:
                log.Information("lease of {SourceId} taken over from {Holder}, a helr on this host that is no longer running", Source, Holder);
                break;
            default:
                log.Warning("lease lost: {SourceId} is now polled by another instance; this instance stops polling it", Source);
                break;
        }
    }

    public void Record(HelrMetrics metrics)
    {
    }
}
