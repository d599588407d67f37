namespace Helr.Kernel.Config;

/// <summary><c>resilience.timeouts</c>; unset values fall back as documented on <see cref="ResilienceConfig"/>.</summary>
internal sealed record TimeoutsConfig
{
    public double? ConnectSecs { get; init; }
    public double? RequestSecs { get; init; }

    /// <summary>Longest wait for the next chunk of a response body (a stalled body is cut off).</summary>
    public double? ReadSecs { get; init; }

    /// <summary>How long an unused pooled connection is kept.</summary>
    public double? IdleSecs { get; init; }

    /// <summary>Longest time for a whole poll cycle of the source, all pages and waits included.</summary>
    public double? PollTickSecs { get; init; }
}
