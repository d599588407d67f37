namespace Helr.PluginSdk.Sources;

/// <summary>A read-only view of one source's stored state (string keys and values).</summary>
public interface ISourceState
{
    /// <summary>The stored value for <paramref name="key"/>, or null when absent.</summary>
    string? Get(string key);
}
