using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Helr.Kernel.Config;

/// <summary>
/// An immutable map that keeps its keys in file order and compares by its entries in any order, so a
/// config record holding one compares by value. It never prints its values (<see cref="ToString"/>,
/// JSON): they may be credentials, like an <c>Authorization</c> header or an expanded <c>${TOKEN}</c>.
/// </summary>
[JsonConverter(typeof(RedactedJsonConverter))]
internal sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    private readonly List<KeyValuePair<string, TValue>> _entries;
    private readonly Dictionary<string, TValue> _index;

    /// <summary>The first of two equal keys wins (the YAML reader reports the second).</summary>
    public ValueMap(IEnumerable<KeyValuePair<string, TValue>> entries, StringComparer? comparer = null)
    {
        // Sized once: a config of many sources makes a few maps per source.
        var count = entries is ICollection<KeyValuePair<string, TValue>> collection ? collection.Count : 0;
        _entries = new(count);
        _index = new Dictionary<string, TValue>(count, comparer ?? StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (_index.TryAdd(entry.Key, entry.Value)) _entries.Add(entry);
        }
    }

    public static ValueMap<TValue> Empty { get; } = new(Array.Empty<KeyValuePair<string, TValue>>());

    public TValue this[string key] => _index[key];

    public int Count => _entries.Count;

    /// <summary>In file order.</summary>
    // Iterators of this class rather than LINQ's Select over key-value pairs, which ReadyToRun cannot
    // precompile: every run compiled it at start.
    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _entries.Count; i++) yield return _entries[i].Key;
        }
    }

    public IEnumerable<TValue> Values
    {
        get
        {
            for (var i = 0; i < _entries.Count; i++) yield return _entries[i].Value;
        }
    }

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _index.TryGetValue(key, out value);

    /// <summary>In file order; a struct enumerator, so a <c>foreach</c> over the map allocates nothing.</summary>
    public List<KeyValuePair<string, TValue>>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<KeyValuePair<string, TValue>> IEnumerable<KeyValuePair<string, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Key order is layout, not meaning: moving a key within a block does not change the config.
    public bool Equals(ValueMap<TValue>? other) =>
        other is not null && other.Count == Count
        && _entries.All(e => other._index.TryGetValue(e.Key, out var value) && EqualityComparer<TValue>.Default.Equals(e.Value, value));

    public override bool Equals(object? obj) => Equals(obj as ValueMap<TValue>);

    public override int GetHashCode()
    {
        // Order-independent, like Equals; the key alone keeps the comparer's case rule out of it.
        var hash = 0;
        foreach (var entry in _entries) hash ^= _index.Comparer.GetHashCode(entry.Key);
        return HashCode.Combine(Count, hash);
    }

    public override string ToString() => $"{{{string.Join(", ", Keys)}}}";
}
