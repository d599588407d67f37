namespace Helr.PluginSdk.Testing;

/// <summary>
/// The clock a <see cref="SourceHarness"/> hands the kernel: every call goes to the provider set in
/// <see cref="SourceHarness.Time"/> at that moment, so a test can move now between cycles.
/// </summary>
internal sealed class HarnessClock : TimeProvider
{
    public TimeProvider Current { get; set; } = System;

    public override DateTimeOffset GetUtcNow() => Current.GetUtcNow();

    public override long GetTimestamp() => Current.GetTimestamp();

    public override long TimestampFrequency => Current.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Current.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Current.CreateTimer(callback, state, dueTime, period);
}
