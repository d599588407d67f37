using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>A source's stored state held in a dictionary.</summary>
internal sealed class DictionaryState : ISourceState
{
    private readonly Dictionary<string, string> _values;

    public DictionaryState(params (string Key, string Value)[] values) =>
        _values = values.ToDictionary(v => v.Key, v => v.Value);

    public string? Get(string key) => _values.GetValueOrDefault(key);
}
