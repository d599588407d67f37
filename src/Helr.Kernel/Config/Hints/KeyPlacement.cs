namespace Helr.Kernel.Config.Hints;

/// <summary>Finds, for a key unknown where it was written, the blocks of the schema that do have it.</summary>
internal static class KeyPlacement
{
    /// <summary>
    /// The closest blocks below <paramref name="block"/> that have <paramref name="key"/>; else the nearest
    /// block above; else the one other block that has it. Null when there is none (or several unrelated
    /// ones, where naming them all would only be noise), and when <paramref name="block"/> itself has it.
    /// </summary>
    public static Placement? Find(string block, string key)
    {
        // A key of this block read only with another type (token_env under a basic auth): pointing to a
        // block elsewhere that has it (global.api.auth) sent the user away from the real fix, the type.
        if (ConfigSchema.KindOf(block, key) is not null) return null;
        var all = ConfigSchema.BlocksWith(key).Where(b => b != block).ToList();
        if (all.Count == 0) return null;
        var below = all.Where(b => block.Length == 0 || b.StartsWith(block + ".", StringComparison.Ordinal)).ToList();
        if (below.Count > 0)
        {
            var depth = below.Min(Depth);
            return new Placement(PlacementKind.Below, below.Where(b => Depth(b) == depth).Order(StringComparer.Ordinal).ToList());
        }
        for (var ancestor = Parent(block); ancestor is not null; ancestor = Parent(ancestor))
        {
            if (all.Contains(ancestor)) return new Placement(PlacementKind.Above, new[] { ancestor });
        }
        return all.Count == 1 ? new Placement(PlacementKind.Elsewhere, all) : null;
    }

    private static int Depth(string path) => path.Length == 0 ? 0 : path.Count(c => c == '.') + 1;

    private static string? Parent(string path)
    {
        if (path.Length == 0) return null;
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}
