namespace Helr.PluginSdk.Declarative;

/// <summary>
/// A value tracked across cycles (<c>incremental_from</c> or <c>state</c>): the largest value of
/// <see cref="EventPath"/> seen is stored under <see cref="StateKey"/> after the cycle, and sent as
/// <see cref="Param"/> on the first request of the next cycle.
/// </summary>
/// <param name="StateKey">State key holding the value.</param>
/// <param name="EventPath">Dotted path of the value in each event.</param>
/// <param name="Param">Query parameter name for the first request.</param>
public sealed record TrackedFieldOptions(string StateKey, string EventPath, string Param);
