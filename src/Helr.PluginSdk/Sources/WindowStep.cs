namespace Helr.PluginSdk.Sources;

/// <summary>What to do with the events of one <see cref="EventWindow"/>.</summary>
public sealed record WindowStep
{
    /// <summary>Write every event of the window, with the ids at the id path.</summary>
    public static WindowStep Keep { get; } = new();

    /// <summary>Indices (within the window) of events not to write; counted as duplicates, like <see cref="PageStep.Drop"/>.</summary>
    public IReadOnlyList<int> Drop { get; init; } = Array.Empty<int>();

    /// <summary>The id of each of the window's events, by index within the window, like <see cref="PageStep.EventIds"/>; null for none.</summary>
    public IReadOnlyList<string?>? EventIds { get; init; }
}
