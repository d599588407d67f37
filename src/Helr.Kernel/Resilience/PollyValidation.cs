using System.Reflection;
using Polly;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Turns off Polly's options validation on the builders <see cref="PipelineFactory"/> makes. Polly checks
/// every strategy's options with System.ComponentModel.DataAnnotations (attribute reflection over the
/// options types, two more assemblies loaded): about 16 ms of CPU at every start, 7% of a one-page
/// run (measured A/B). The factory only passes options that are valid by construction (a retry only for
/// 2 or more attempts, a limiter always given), so the check could
/// never fail. Polly has no public switch: its internal <c>Validator</c> property is set by reflection.
/// A Polly version without it keeps validating (slower, not wrong), and PollyValidationTests fails.
/// </summary>
internal static class PollyValidation
{
    private static readonly PropertyInfo? Validator = typeof(ResiliencePipelineBuilderBase)
        .GetProperty("Validator", BindingFlags.Instance | BindingFlags.NonPublic);

    // Action<in T> is contravariant, so this is an Action<ResilienceValidationContext> (an internal type).
    private static readonly Action<object> Accept = static _ => { };

    /// <summary>Whether this Polly version has the property the skip sets.</summary>
    public static bool Available { get; } = Validator is { CanWrite: true } property && property.PropertyType.IsInstanceOfType(Accept);

    /// <summary>The builder, validating nothing when <see cref="Available"/>.</summary>
    public static T Skip<T>(T builder) where T : ResiliencePipelineBuilderBase
    {
        if (Available) Validator!.SetValue(builder, Accept);
        return builder;
    }
}
