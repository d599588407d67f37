namespace Helr.PluginSdk.Config;

/// <summary>The shape of a configuration node.</summary>
public enum ConfigNodeKind
{
    /// <summary>An explicit null or an empty value.</summary>
    Null,
    /// <summary>A single value (string, number, boolean).</summary>
    Scalar,
    /// <summary>A key/value map.</summary>
    Mapping,
    /// <summary>A list.</summary>
    Sequence,
}
