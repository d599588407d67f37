using System.Text.Json;

namespace Helr.Kernel.Output;

/// <summary>
/// The event time when <c>transform.timestamp_field</c> is not set: the first non-empty string among
/// top-level <c>published</c>, <c>timestamp</c>, <c>ts</c>, <c>created_at</c> (in that priority), read
/// in one pass over the event's top-level keys.
/// </summary>
internal static class FallbackTimestamp
{
    private static readonly byte[][] Keys = { "published"u8.ToArray(), "timestamp"u8.ToArray(), "ts"u8.ToArray(), "created_at"u8.ToArray() };

    /// <summary>The range of the chosen string token, quotes included; null when there is none.</summary>
    public static Range? Find(ReadOnlySpan<byte> evt)
    {
        var quick = QuickFind(evt);
        return quick.Decided ? quick.Found : FindWithReader(evt);
    }

    // The usual shape, read without Utf8JsonReader (which costs more than the rest of the envelope):
    // the leading members of the object have plain keys and string values, and published is among
    // them (Okta, and most audit APIs, put it second). Anything else (an escaped key, a value of
    // another kind before the answer is certain, a malformed start) leaves it to the reader, so what
    // is found is always what the reader finds.
    private static (bool Decided, Range? Found) QuickFind(ReadOnlySpan<byte> evt)
    {
        var pos = SkipSpace(evt, 0);
        if (pos >= evt.Length || evt[pos] != '{') return default;
        Range? best = null;
        var bestRank = Keys.Length;
        while (true)
        {
            pos = SkipSpace(evt, pos + 1);
            if (pos >= evt.Length || evt[pos] != '"') return default;
            var keyEnd = StringEnd(evt, pos);
            if (keyEnd < 0) return default;
            var key = evt.Slice(pos + 1, keyEnd - pos - 1);
            if (key.IndexOf((byte)'\\') >= 0) return default;
            pos = SkipSpace(evt, keyEnd + 1);
            if (pos >= evt.Length || evt[pos] != ':') return default;
            pos = SkipSpace(evt, pos + 1);
            if (pos >= evt.Length || evt[pos] != '"') return default;
            var valueEnd = StringEnd(evt, pos);
            if (valueEnd < 0) return default;
            var rank = Rank(key, bestRank);
            if (rank >= 0 && valueEnd - pos > 1)
            {
                best = new Range(pos, valueEnd + 1);
                bestRank = rank;
                if (rank == 0) return (true, best);
            }
            pos = SkipSpace(evt, valueEnd + 1);
            if (pos >= evt.Length) return default;
            if (evt[pos] == '}') return (true, best);
            if (evt[pos] != ',') return default;
        }
    }

    private static int Rank(ReadOnlySpan<byte> key, int below)
    {
        for (var i = 0; i < below; i++)
        {
            if (key.SequenceEqual(Keys[i])) return i;
        }
        return -1;
    }

    private static int SkipSpace(ReadOnlySpan<byte> evt, int pos)
    {
        while (pos < evt.Length && evt[pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') pos++;
        return pos;
    }

    // The offset of the quote closing the string that opens at <start>, or -1 when it does not close.
    private static int StringEnd(ReadOnlySpan<byte> evt, int start)
    {
        var pos = start + 1;
        while (true)
        {
            var next = evt[pos..].IndexOfAny((byte)'"', (byte)'\\');
            if (next < 0) return -1;
            pos += next;
            if (evt[pos] == '"') return pos;
            pos += 2; // the escaped character never ends the string
            if (pos >= evt.Length) return -1;
        }
    }

    /// <summary>The same answer read with Utf8JsonReader: for any event the quick reading does not decide.</summary>
    internal static Range? FindWithReader(ReadOnlySpan<byte> evt)
    {
        var reader = new Utf8JsonReader(evt, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        Range? best = null;
        var bestRank = Keys.Length;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var rank = -1;
            for (var i = 0; i < bestRank; i++)
            {
                if (reader.ValueTextEquals(Keys[i])) { rank = i; break; }
            }
            reader.Read();
            // A token of more than its two quotes is a non-empty string (an escape is never empty).
            if (rank >= 0 && reader.TokenType == JsonTokenType.String && reader.BytesConsumed - reader.TokenStartIndex > 2)
            {
                best = new Range((int)reader.TokenStartIndex, (int)reader.BytesConsumed);
                bestRank = rank;
                if (rank == 0) return best;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }
        return best;
    }
}
