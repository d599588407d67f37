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
