using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Helr.Kernel.Config;

/// <summary>
/// An immutable list that compares by its items in order, so a config record holding one compares by
/// value (a record's own equality compares a plain list by reference).
/// </summary>
internal sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public ValueList(IEnumerable<T> items) => _items = items.ToArray();

    public static ValueList<T> Empty { get; } = new(Array.Empty<T>());

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueList<T>? other) => other is not null && _items.SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", _items)}]";

    [return: NotNullIfNotNull(nameof(items))]
    public static implicit operator ValueList<T>?(T[]? items) => items is null ? null : new(items);

    [return: NotNullIfNotNull(nameof(items))]
    public static implicit operator ValueList<T>?(List<T>? items) => items is null ? null : new(items);
}
