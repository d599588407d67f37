using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Helr.PluginSdk;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// Part of the config file as data: the YAML after <c>${VAR}</c> expansion, immutable, compared by
/// value (kind, text, quoting where it makes a number or boolean text, entries in any order, items in order; never the line). A source's
/// block is kept this way so two loads of one file compare equal and a changed key, or a changed
/// variable it references, does not. Readers work on a <see cref="ConfigNode"/> made from it
/// (<see cref="ToNode"/>), which records the keys they ask for.
/// A scalar may be an expanded secret, so it never prints: <see cref="ToString"/> shows keys only and
/// JSON shows every scalar as <see cref="Secret.Redacted"/>.
/// </summary>
[JsonConverter(typeof(RedactedJsonConverter))]
internal sealed class ConfigValue : IEquatable<ConfigValue>
{
    private readonly string? _text;
    private readonly ValueMap<ConfigValue>? _entries;
    private readonly ValueList<ConfigValue>? _items;

    private ConfigValue(ConfigNodeKind kind, string? text, bool quoted, ValueMap<ConfigValue>? entries, ValueList<ConfigValue>? items, int line)
    {
        Kind = kind;
        _text = text;
        IsQuoted = quoted;
        _entries = entries;
        _items = items;
        Line = line;
    }

    public ConfigNodeKind Kind { get; }

    public bool IsQuoted { get; }

    /// <summary>
    /// A scalar's text as written when it named a variable (<c>?api_key=${KEY}</c>), else null: which
    /// parts came from a secret (<see cref="UrlSecretParameters"/>). Not part of equality: the value is.
    /// </summary>
    public string? Written { get; private init; }

    /// <summary>1-based line in the file, for the reading tree; not part of equality (moving a block changes nothing).</summary>
    public int Line { get; }

    /// <summary>Keys of a mapping in file order; empty for other kinds.</summary>
    public IEnumerable<string> Keys => _entries?.Keys ?? Enumerable.Empty<string>();

    /// <summary>Items of a sequence in order; empty for other kinds.</summary>
    public IEnumerable<ConfigValue> Items => _items ?? Enumerable.Empty<ConfigValue>();

    /// <summary>The value at <paramref name="key"/> of a mapping, or null.</summary>
    public ConfigValue? this[string key] => _entries is not null && _entries.TryGetValue(key, out var value) ? value : null;

    public static ConfigValue Scalar(string text, bool quoted, int line = 0) => new(ConfigNodeKind.Scalar, text, quoted, null, null, line);

    /// <summary>A scalar expanded from <paramref name="written"/>.</summary>
    public static ConfigValue Expanded(string text, string written, bool quoted, int line = 0) =>
        new(ConfigNodeKind.Scalar, text, quoted, null, null, line) { Written = written };

    /// <summary>A scalar's text, or null for other kinds.</summary>
    public string? Text => Kind == ConfigNodeKind.Scalar ? _text : null;

    public static ConfigValue Null(int line = 0) => new(ConfigNodeKind.Null, null, false, null, null, line);

    public static ConfigValue Mapping(IEnumerable<KeyValuePair<string, ConfigValue>> entries, int line = 0) =>
        new(ConfigNodeKind.Mapping, null, false, new ValueMap<ConfigValue>(entries), null, line);

    public static ConfigValue Sequence(IEnumerable<ConfigValue> items, int line = 0) =>
        new(ConfigNodeKind.Sequence, null, false, null, new ValueList<ConfigValue>(items), line);

    /// <summary>A fresh reading tree at <paramref name="path"/> (<c>sources.okta</c>), its problems going to <paramref name="errors"/>.</summary>
    public ConfigNode ToNode(string path, ConfigErrors errors)
    {
        switch (Kind)
        {
            case ConfigNodeKind.Mapping:
                var mapping = ConfigNode.NewMapping(path, errors, Line);
                foreach (var (key, value) in _entries!) mapping.Add(key, value.ToNode(mapping.ChildPath(key), errors));
                return mapping;
            case ConfigNodeKind.Sequence:
                var sequence = ConfigNode.NewSequence(path, errors, Line);
                for (var i = 0; i < _items!.Count; i++) sequence.Add(_items[i].ToNode($"{path}[{i}]", errors));
                return sequence;
            case ConfigNodeKind.Scalar:
                return ConfigNode.NewScalar(path, _text!, IsQuoted, errors, Line);
            default:
                return ConfigNode.NewNull(path, errors, Line);
        }
    }

    public bool Equals(ConfigValue? other) =>
        other is not null && Kind == other.Kind && string.Equals(_text, other._text, StringComparison.Ordinal)
        && (IsQuoted == other.IsQuoted || !QuotesMatter(_text)) && Equals(_entries, other._entries) && Equals(_items, other._items);

    public override bool Equals(object? obj) => Equals(obj as ConfigValue);

    public override int GetHashCode() => HashCode.Combine(Kind, _text, _entries, _items);

    // Quotes change what a reader gets only for text a plain scalar reads as a number or a boolean
    // (5 and "5"); "https://x" is https://x, and a file reformatted with quotes must not restart its sources.
    private static bool QuotesMatter(string? text) =>
        text is not null && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase)
            || YamlInteger.TryParse(text, out System.Numerics.BigInteger _)
            || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));

    /// <summary>The shape without a single value: <c>{url, auth: {type, token}, headers: [2]}</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Describe(text);
        return text.ToString();
    }

    private void Describe(StringBuilder text)
    {
        switch (Kind)
        {
            case ConfigNodeKind.Mapping:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in _entries!)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    text.Append(key);
                    if (value.Kind is ConfigNodeKind.Mapping or ConfigNodeKind.Sequence)
                    {
                        text.Append(": ");
                        value.Describe(text);
                    }
                }
                text.Append('}');
                break;
            case ConfigNodeKind.Sequence:
                text.Append('[').Append(_items!.Count).Append(']');
                break;
            case ConfigNodeKind.Scalar:
                text.Append(Secret.Redacted);
                break;
            default:
                text.Append("null");
                break;
        }
    }

    internal void WriteRedacted(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ConfigNodeKind.Mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in _entries!)
                {
                    writer.WritePropertyName(key);
                    value.WriteRedacted(writer);
                }
                writer.WriteEndObject();
                break;
            case ConfigNodeKind.Sequence:
                writer.WriteStartArray();
                foreach (var item in _items!) item.WriteRedacted(writer);
                writer.WriteEndArray();
                break;
            case ConfigNodeKind.Scalar:
                writer.WriteStringValue(Secret.Redacted);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
