using System.Text;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// Seeded random JSON documents shaped like API responses (root arrays, objects with the default keys,
/// scalars), with random whitespace, escapes and number forms, and random byte-level mutations.
/// </summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Keys =
    {
        "items", "data", "events", "logs", "entries", "it\\u0065ms", "\\u0064ata", "next", "meta", "id", "",
        "item", "itemss", "Items", "\\uD83D\\uDE00", "\\u00e9", "\\/", "a\\\"b", "\\uDC00x",
    };

    private static readonly string[] Escapes = { "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\uabcd", "\\uD83D\\uDE00", "\\u00E9" };
    private static readonly string[] Numbers = { "0", "-0", "7", "-12", "3.25", "0.5", "-0.0", "1e5", "1E+5", "2e-3", "6.02E23", "12345678901234567890123", "1.5e-10" };
    private static readonly byte[] Damage = "{}[],:\"\\ \t\r\n0123456789-+.eEtrufalsnx/u\u0001\u001f\u007f"u8.ToArray()
        .Concat(new byte[] { 0x00, 0x0B, 0x80, 0xC3, 0xFF }).ToArray();

    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>A valid document.</summary>
    public byte[] Document()
    {
        var text = new StringBuilder();
        Whitespace(text);
        switch (_random.Next(10))
        {
            case < 4:
                Array(text, 1, elements: _random.Next(0, 12));
                break;
            case < 8:
                RootObject(text);
                break;
            default:
                Value(text, 0);
                break;
        }
        Whitespace(text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// The document with 1 to 3 random edits: a byte replaced, inserted or deleted (bytes that matter
    /// to JSON, invalid UTF-8 and control characters), the rest cut off, a slice repeated, or a slice
    /// moved elsewhere. Most results are invalid; some stay valid with other events.
    /// </summary>
    public byte[] Mutated(byte[] document)
    {
        var bytes = document.ToList();
        for (var edits = _random.Next(1, 4); edits > 0; edits--)
        {
            var at = _random.Next(bytes.Count + 1);
            var length = _random.Next(Math.Min(16, bytes.Count - at) + 1);
            switch (_random.Next(6))
            {
                case 0 when at < bytes.Count:
                    bytes[at] = Damage[_random.Next(Damage.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Damage[_random.Next(Damage.Length)]);
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    var slice = bytes.GetRange(at, length);
                    bytes.RemoveRange(at, length);
                    bytes.InsertRange(_random.Next(bytes.Count + 1), slice);
                    break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Increasing prefix lengths to feed a scanner, ending before <paramref name="length"/>.</summary>
    public List<int> Chunking(int length)
    {
        var ends = new List<int>();
        var largest = _random.Next(2) == 0 ? 4 : Math.Max(1, length / 3);
        for (var end = _random.Next(1, largest + 1); end < length; end += _random.Next(1, largest + 1)) ends.Add(end);
        return ends;
    }

    private void RootObject(StringBuilder text)
    {
        text.Append('{');
        var count = _random.Next(0, 6);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(',');
            Whitespace(text);
            text.Append('"').Append(Keys[_random.Next(Keys.Length)]).Append('"');
            Whitespace(text);
            text.Append(':');
            Whitespace(text);
            if (_random.Next(3) > 0) Array(text, 2, elements: _random.Next(0, 6));
            else Value(text, 1);
            Whitespace(text);
        }
        text.Append('}');
    }

    private void Value(StringBuilder text, int depth)
    {
        var kind = depth > 6 ? _random.Next(4) : _random.Next(7);
        switch (kind)
        {
            case 0:
                String(text);
                break;
            case 1:
                text.Append(Numbers[_random.Next(Numbers.Length)]);
                break;
            case 2:
                text.Append(_random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 3:
                text.Append("{}");
                break;
            case 4:
                Array(text, depth + 1, elements: _random.Next(0, 4));
                break;
            default:
                Object(text, depth + 1);
                break;
        }
    }

    private void Array(StringBuilder text, int depth, int elements)
    {
        text.Append('[');
        for (var i = 0; i < elements; i++)
        {
            if (i > 0) text.Append(',');
            Whitespace(text);
            Value(text, depth);
            Whitespace(text);
        }
        text.Append(']');
    }

    private void Object(StringBuilder text, int depth)
    {
        text.Append('{');
        var count = _random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(',');
            Whitespace(text);
            if (_random.Next(4) == 0) text.Append('"').Append(Keys[_random.Next(Keys.Length)]).Append('"');
            else String(text);
            Whitespace(text);
            text.Append(':');
            Whitespace(text);
            Value(text, depth);
            Whitespace(text);
        }
        text.Append('}');
    }

    private void String(StringBuilder text)
    {
        text.Append('"');
        var length = _random.Next(4) == 0 ? _random.Next(0, 80) : _random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            switch (_random.Next(20))
            {
                case 0:
                    text.Append(Escapes[_random.Next(Escapes.Length)]);
                    break;
                case 1:
                    text.Append(_random.Next(3) switch { 0 => "é", 1 => "日本", _ => "🙂" });
                    break;
                default:
                    var c = (char)_random.Next(0x20, 0x7F);
                    text.Append(c is '"' or '\\' ? 'q' : c);
                    break;
            }
        }
        text.Append('"');
    }

    private void Whitespace(StringBuilder text)
    {
        if (_random.Next(3) > 0) return;
        for (var n = _random.Next(1, 4); n > 0; n--) text.Append(" \t\r\n"[_random.Next(4)]);
    }
}
