namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// The token server's clock as this host last learned it: signed assertions and DPoP proofs carry times the
/// server judges by its own clock. Zero offset until the server refuses times set on this host's clock and
/// its <c>Date</c> shows the two apart; then every later assertion and proof of the source is set on it.
/// </summary>
internal sealed class ServerClock
{
    private long _offsetTicks;

    /// <summary>How far the server's clock is ahead of this host's (negative: behind).</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public DateTimeOffset Now(TimeProvider time) => time.GetUtcNow() + Offset;

    public void Learn(TimeSpan offset) => Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
}
