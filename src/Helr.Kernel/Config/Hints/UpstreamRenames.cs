namespace Helr.Kernel.Config.Hints;

/// <summary>
/// Keys that older upstream Helr versions (and configs copied from their docs) spell differently.
/// They stay unknown keys, since accepting two names for one thing hides which one wins, but the
/// error names the current spelling.
/// </summary>
internal static class UpstreamRenames
{
    private static readonly Dictionary<(string Block, string Key), string> Renames = new()
    {
        [("global", "health")] = "api",
        [("sources.*.resilience.rate_limit", "delay_between_pages_secs")] = "page_delay_secs",
        [("sources.*.dedupe", "id_field")] = "id_path",
        [("sources.*", "cursor_expired")] = "on_cursor_error",
        [("sources.*", "initial_since")] = "from",
        [("sources.*", "since_param")] = "from_param",
    };

    /// <summary>The current name of <paramref name="key"/> in the block at <paramref name="schemaBlock"/>, or null.</summary>
    public static string? CurrentName(string schemaBlock, string key) => Renames.GetValueOrDefault((schemaBlock, key));
}
