namespace Helr.PluginSdk.Sources;

/// <summary>
/// Describes one configuration key a source type reads, for <c>helr plugins inspect</c>. Purely
/// descriptive: the source type's own reader stays the authority on what is accepted.
/// </summary>
public sealed record ConfigKeyInfo
{
    /// <summary>The key's path below the source, dotted for nested keys (e.g. <c>pagination.cursor_param</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The value's kind as a user writes it: <c>string</c>, <c>integer</c>, <c>boolean</c>, <c>url</c>, <c>mapping</c>, ….</summary>
    public required string Type { get; init; }

    /// <summary>The value used when the key is absent, as YAML text; null when there is none (or it is required).</summary>
    public string? Default { get; init; }

    /// <summary>True when a source of this type fails to load without the key.</summary>
    public bool Required { get; init; }

    /// <summary>One line saying what the key does.</summary>
    public string Description { get; init; } = "";
}
