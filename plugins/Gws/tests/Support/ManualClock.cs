namespace Helr.Plugins.Gws.Tests.Support;

/// <summary>A clock the test moves between cycles (SourceHarness.Time); waits still pass in real time.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
