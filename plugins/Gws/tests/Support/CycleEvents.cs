namespace Helr.Plugins.Gws.Tests.Support;

internal static class CycleEvents
{
    /// <summary>The <c>id.uniqueQualifier</c> of each activity written, in output order.</summary>
    public static IReadOnlyList<string?> Qualifiers(this HarnessCycle cycle) =>
        cycle.Envelopes.Select(e => e.GetProperty("event").GetProperty("id").GetProperty("uniqueQualifier").GetString()).ToList();
}
