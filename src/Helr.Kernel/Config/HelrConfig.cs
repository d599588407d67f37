namespace Helr.Kernel.Config;

/// <summary>A loaded, validated configuration: values only, compared by value (no live sources; Plugins/SourceBuilder builds those).</summary>
internal sealed record HelrConfig(string Path, GlobalConfig Global, ValueList<SourceConfig> Sources)
{
    /// <summary>Problems that do not stop Helr (keys not supported yet, plugin folders that failed to load), as "path: message".</summary>
    public ValueList<string> Warnings { get; init; } = ValueList<string>.Empty;

    /// <summary>The file's text as it was read for this config (what the config endpoints show as running).</summary>
    /// <remarks>Not public: a record prints and serializes its public members, and the text holds any secret written into the file.</remarks>
    internal string Text { get; init; } = "";

    // Text is where the values came from, not one of them: files differing only in layout or comments load equal configs.
    public bool Equals(HelrConfig? other) =>
        other is not null && Path == other.Path && Global.Equals(other.Global) && Sources.Equals(other.Sources) && Warnings.Equals(other.Warnings);

    public override int GetHashCode() => HashCode.Combine(Path, Global, Sources, Warnings);
}
