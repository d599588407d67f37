using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Xunit;

namespace Helr.Kernel.Tests.Output;

/// <summary>
/// <c>global.backpressure</c> values the config accepts (it sets no upper bound) that are too large for
/// the units they are counted in: they must mean "never", not crash the run or turn into their opposite.
/// </summary>
public sealed class OutputLimitsTests
{
    [Fact]
    public void A_queue_age_longer_than_a_TimeSpan_holds_is_no_age_limit()
    {
        var limits = OutputLimits.From(new BackpressureConfig { Enabled = true, MaxQueueAgeSecs = 1e15 });
        Assert.Null(limits.MaxQueueAge);
        Assert.Equal(TimeSpan.FromSeconds(90), OutputLimits.From(new BackpressureConfig { Enabled = true, MaxQueueAgeSecs = 90 }).MaxQueueAge);
    }
}
