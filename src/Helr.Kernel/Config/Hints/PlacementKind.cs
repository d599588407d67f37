namespace Helr.Kernel.Config.Hints;

/// <summary>How the block where a key belongs relates to the block where it was written.</summary>
internal enum PlacementKind
{
    /// <summary>In a block below it: the key's lines were dedented (or its block line is missing).</summary>
    Below,

    /// <summary>In a block above it: the key was indented under the wrong block.</summary>
    Above,

    /// <summary>In an unrelated block (a global key inside a source, a source key under global).</summary>
    Elsewhere,
}
