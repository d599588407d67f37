namespace Helr.Kernel.Config;

/// <summary><c>resilience.retries</c>.</summary>
internal sealed record RetriesConfig
{
    public static readonly IReadOnlyList<int> DefaultRetryableStatusCodes =
        new[] { 408, 429 }.Concat(Enumerable.Range(500, 100)).ToArray();

    /// <summary>Attempts per request including the first; 0 and 1 both mean a single attempt.</summary>
    public int MaxAttempts { get; init; } = 3;
    public double InitialBackoffSecs { get; init; } = 1;
    public double? MaxBackoffSecs { get; init; }
    public double Multiplier { get; init; } = 2;

    /// <summary>Each delay is multiplied by 1 + U(−jitter, +jitter); null means no jitter.</summary>
    public double? Jitter { get; init; }

    /// <summary>Replaces the default set (408, 429, 500–599) entirely when set.</summary>
    public ValueList<int>? RetryableStatusCodes { get; init; }

    public bool IsRetryable(int status) =>
        RetryableStatusCodes?.Contains(status) ?? (status is 408 or 429 || status is >= 500 and <= 599);
}
