using System.Text.Json;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// The default event search written the obvious way on <see cref="Utf8JsonReader"/>, one shot: the
/// specification the hand-written scanner is compared with.
/// </summary>
internal static class ReferenceEventSearch
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = DottedPath.MaxDepth };
    private static readonly byte[][] Keys = JsonEventExtractor.DefaultArrayKeys.Select(k => System.Text.Encoding.UTF8.GetBytes(k)).ToArray();

    /// <summary>The event ranges, "empty" for a blank body, or null when the reader rejects the body.</summary>
    public static (List<Range>? Events, bool Empty) Search(ReadOnlySpan<byte> body)
    {
        if (body.IndexOfAnyExcept(" \t\r\n"u8) < 0) return (null, true);
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            reader.Read();
            var rootStart = (int)reader.TokenStartIndex;
            List<Range>? events = null;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                events = Elements(ref reader);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                var bestRank = int.MaxValue;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var rank = Rank(ref reader, bestRank);
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray && rank < bestRank)
                    {
                        events = Elements(ref reader);
                        bestRank = rank;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            var root = new Range(rootStart, (int)reader.BytesConsumed);
            if (reader.Read()) return (null, false);
            return (events ?? new List<Range> { root }, false);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }

    private static List<Range> Elements(ref Utf8JsonReader reader)
    {
        var elements = new List<Range>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            elements.Add(new Range(start, (int)reader.BytesConsumed));
        }
        return elements;
    }

    private static int Rank(ref Utf8JsonReader reader, int below)
    {
        for (var i = 0; i < below && i < Keys.Length; i++)
        {
            try
            {
                if (reader.ValueTextEquals(Keys[i])) return i;
            }
            catch (InvalidOperationException)
            {
                // A lone surrogate escape: the reader cannot unescape it, so it names none of the keys.
                return int.MaxValue;
            }
        }
        return int.MaxValue;
    }
}
