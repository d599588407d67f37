using System.ComponentModel.DataAnnotations;
using Helr.Kernel.Resilience;
using Polly;
using Polly.Timeout;

namespace Helr.Kernel.Tests.Resilience;

/// <summary>
/// The start-up saving of skipping Polly's DataAnnotations validation (PollyValidation) rests on a
/// Polly internal: these fail when a Polly upgrade removes it, instead of the saving quietly vanishing.
/// </summary>
public sealed class PollyValidationTests
{
    // Polly accepts 10 ms to 24 h; 1 ms is what its validation would refuse.
    private static readonly TimeoutStrategyOptions Invalid = new() { Timeout = TimeSpan.FromMilliseconds(1) };

    [Fact]
    public void The_pinned_Polly_has_the_validator_property_the_skip_sets() =>
        Assert.True(PollyValidation.Available);

    [Fact]
    public void A_skipped_builder_does_not_validate_while_a_plain_one_does()
    {
        Assert.Throws<ValidationException>(() => new ResiliencePipelineBuilder<int>().AddTimeout(Invalid));

        var pipeline = PollyValidation.Skip(new ResiliencePipelineBuilder<int>()).AddTimeout(new TimeoutStrategyOptions()).Build();

        Assert.NotNull(PollyValidation.Skip(new ResiliencePipelineBuilder<int>()).AddTimeout(Invalid));
        Assert.Equal(42, pipeline.Execute(_ => 42));
    }
}
