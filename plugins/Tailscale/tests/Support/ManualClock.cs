namespace Helr.Plugins.Tailscale.Tests.Support;

/// <summary>A now the test moves; waits (retries, backoff) still pass in real time.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
