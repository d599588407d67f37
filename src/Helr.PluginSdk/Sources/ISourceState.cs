namespace Helr.PluginSdk.Sources;

/// <summary>A read-only view of one source's stored state (string keys and values).</summary>
public interface ISourceState
{
    /// <summary>The stored value for <paramref name="key"/>, or null when absent.</summary>
    string? Get(string key);

    /// <summary>
    /// Every stored key and value (for a script that receives the whole state). The default lists
    /// nothing, for views that can only look keys up; the kernel's view lists all.
    /// </summary>
    IEnumerable<KeyValuePair<string, string>> All => Array.Empty<KeyValuePair<string, string>>();
}
