using Helr.PluginSdk.Sources;

namespace Helr.Kernel.State;

/// <summary>A snapshot of one source's state handed to the plugin at the start of a cycle.</summary>
internal sealed class SourceStateView(IReadOnlyDictionary<string, string> values) : ISourceState
{
    public string? Get(string key) => values.TryGetValue(key, out var v) ? v : null;

    public IEnumerable<KeyValuePair<string, string>> All => values;
}
