using Helr.Kernel.Config;
using Helr.Kernel.Resilience;

namespace Helr.Kernel.Tests.Resilience;

public sealed class BackoffDelayTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 3.0)]
    [InlineData(2, 9.0)]
    [InlineData(3, 20.0)] // 27 capped at max_backoff_secs
    public void Grows_by_the_multiplier_up_to_the_cap(int attempt, double expected)
    {
        var retries = new RetriesConfig { InitialBackoffSecs = 1, Multiplier = 3, MaxBackoffSecs = 20 };
        Assert.Equal(expected, BackoffDelay.Compute(retries, attempt, random: 0.5).TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData(0.0, 8.0)]   // 10 × (1 − 0.2)
    [InlineData(0.5, 10.0)]
    [InlineData(0.999999, 12.0)] // 10 × (1 + 0.2)
    public void Jitter_scales_the_delay_within_plus_minus_jitter(double random, double expected)
    {
        var retries = new RetriesConfig { InitialBackoffSecs = 10, Multiplier = 2, Jitter = 0.2 };
        Assert.Equal(expected, BackoffDelay.Compute(retries, 0, random).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Jitter_is_applied_after_the_cap()
    {
        var retries = new RetriesConfig { InitialBackoffSecs = 100, MaxBackoffSecs = 10, Jitter = 0.5 };
        Assert.Equal(15, BackoffDelay.Compute(retries, 4, random: 0.999999).TotalSeconds, precision: 3);
    }

    [Fact]
    public void Huge_exponents_stay_finite()
    {
        var retries = new RetriesConfig { InitialBackoffSecs = 1, Multiplier = 100 };
        Assert.Equal(TimeSpan.FromDays(1), BackoffDelay.Compute(retries, 99, 0.5));
    }
}
