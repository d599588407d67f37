namespace Helr.Kernel.Config.Hints;

/// <summary>Where a key that is unknown in its block is a valid key, by schema path.</summary>
internal sealed record Placement(PlacementKind Kind, IReadOnlyList<string> Blocks);
