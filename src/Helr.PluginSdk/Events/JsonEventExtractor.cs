using System.Text;
using System.Text.Json;

namespace Helr.PluginSdk.Events;

/// <summary>
/// Extracts events from a JSON body: the array at <c>eventsPath</c> when given; else a top-level array,
/// or the first of <c>items</c>, <c>data</c>, <c>events</c>, <c>logs</c>, <c>entries</c> holding an array,
/// or else the whole body as one event. With <c>objectPath</c>, each element is replaced by its value
/// at that path (elements where it is absent are dropped). Without <c>eventsPath</c> the body is read
/// in one pass by a vectorised scanner that the kernel feeds while the body arrives, with the same
/// acceptance as <see cref="Utf8JsonReader"/>.
/// </summary>
public sealed class JsonEventExtractor : IIncrementalEventExtractor
{
    /// <summary>Keys searched, in this order, for the events array of an object body.</summary>
    public static readonly IReadOnlyList<string> DefaultArrayKeys = new[] { "items", "data", "events", "logs", "entries" };

    private static readonly JsonReaderOptions Options = new() { MaxDepth = DottedPath.MaxDepth };
    private static readonly byte[][] DefaultArrayKeyBytes = DefaultArrayKeys.Select(Encoding.UTF8.GetBytes).ToArray();
    private readonly DottedPath? _eventsPath;
    private readonly DottedPath? _objectPath;

    // The element list of the last finished scan, kept for the next one: growing a new list to a
    // page's event count for every page was most of what finding its events allocated (about 4 %
    // of the CPU of a run of 1,000-event pages; docs/performance.md, "The data phase").
    private List<Range>? _spareRanges;

    /// <summary>Creates an extractor.</summary>
    public JsonEventExtractor(string? eventsPath = null, string? objectPath = null)
    {
        _eventsPath = string.IsNullOrEmpty(eventsPath) ? null : DottedPath.Parse(eventsPath);
        _objectPath = string.IsNullOrEmpty(objectPath) ? null : DottedPath.Parse(objectPath);
    }

    /// <summary>
    /// With an events path: an object body where the path is absent or <c>null</c> holds no events
    /// (Google leaves <c>items</c> out of an empty answer) instead of being a format error. A body that
    /// is not an object, or a path holding something else than an array, is still an error.
    /// </summary>
    public bool MissingArrayIsEmpty { get; init; }

    /// <inheritdoc />
    public void Extract(ReadOnlySpan<byte> body, List<Range> events) => StartScan().Complete(body, events);

    // Starts scanning a new body; the kernel feeds it as the body arrives (see IEventScanner).
    internal IEventScanner StartScan() => new Scan(this, _eventsPath is null ? new JsonEventScanner(this) : null);

    IEventScanner IIncrementalEventExtractor.StartScan() => StartScan();

    internal List<Range> RentRanges() => Interlocked.Exchange(ref _spareRanges, null) ?? new List<Range>();

    // A list grown for an outlier page is not kept: pages over the streaming threshold hand their
    // events out in windows, so this bounds what an idle source holds.
    internal void ReturnRanges(List<Range> ranges)
    {
        if (ranges.Capacity > MaxSpareRanges) return;
        ranges.Clear();
        Volatile.Write(ref _spareRanges, ranges);
    }

    private const int MaxSpareRanges = 1 << 16;

    // The rank of a property name (as written in the body, unquoted) among the default keys, if below the given rank.
    internal static int KeyRank(ReadOnlySpan<byte> rawName, int below)
    {
        for (var i = 0; i < below && i < DefaultArrayKeyBytes.Length; i++)
        {
            if (JsonKeyText.TextEquals(rawName, DefaultArrayKeyBytes[i])) return i;
        }
        return int.MaxValue;
    }

    // A body with no events array: one event, unless an object path says events must be in an array.
    internal void AddWholeBody(Range root, ReadOnlySpan<byte> body, List<Range> events)
    {
        if (_objectPath is not null)
        {
            throw new EventFormatException(body[root][0] == (byte)'{'
                ? "response has no top-level array or known events key (items/data/events/logs/entries)"
                : "response root is not an object or array");
        }
        events.Add(root);
    }

    private void ExtractAtPath(ReadOnlySpan<byte> body, List<Range> events)
    {
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read()) throw new EventFormatException("response body is empty");
            reader.Skip();
            if (reader.Read()) throw new EventFormatException("response has data after the JSON document");
            var array = _eventsPath!.FindValue(body);
            if (MissingArrayIsEmpty && (array is null ? body.TrimStart(" \t\r\n"u8) is [(byte)'{', ..] : body[array.Value].SequenceEqual("null"u8))) return;
            if (array is null || body[array.Value][0] != (byte)'[')
                throw new EventFormatException($"response_events_path \"{_eventsPath}\" did not resolve to an array");
            var offset = array.Value.Start.GetOffset(body.Length);
            var elements = new Utf8JsonReader(body[array.Value], Options);
            elements.Read();
            while (elements.Read() && elements.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)elements.TokenStartIndex;
                if (elements.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) elements.Skip();
                events.Add(new Range(offset + start, offset + (int)elements.BytesConsumed));
            }
        }
        catch (JsonException ex)
        {
            throw new EventFormatException($"response is not valid JSON: {ex.Message}", ex);
        }
    }

    private void Unwrap(ReadOnlySpan<byte> body, List<Range> events, int first)
    {
        var kept = first;
        for (var i = first; i < events.Count; i++)
        {
            var element = events[i];
            var offset = element.Start.GetOffset(body.Length);
            var inner = _objectPath!.FindValue(body[element]);
            if (inner is null) continue;
            var (start, length) = inner.Value.GetOffsetAndLength(body[element].Length);
            events[kept++] = new Range(offset + start, offset + start + length);
        }
        events.RemoveRange(kept, events.Count - kept);
    }

    // Adds the events path and object path on top of the one-pass scanner; nothing is appended to
    // the caller's list unless the whole body was read successfully.
    private sealed class Scan(JsonEventExtractor owner, JsonEventScanner? scanner) : IEventScanner
    {
        public void Advance(ReadOnlySpan<byte> bodySoFar) => scanner?.Advance(bodySoFar);

        // An events path is read with Utf8JsonReader over the whole body, and an object path would make
        // an event a part of an element: both read pages whole.
        public bool CanWindow => scanner is not null && owner._objectPath is null;

        public void TakeFinal(List<Range> events)
        {
            if (CanWindow) scanner!.TakeFinal(events);
        }

        public int NeededFrom => scanner?.NeededFrom ?? 0;

        public void Rebase(int count) => scanner?.Rebase(count);

        public void Complete(ReadOnlySpan<byte> body, List<Range> events)
        {
            // The scanner appends nothing unless the whole body is well-formed.
            if (scanner is not null && owner._objectPath is null)
            {
                scanner.Complete(body, events);
                return;
            }
            var found = new List<Range>();
            if (scanner is null) owner.ExtractAtPath(body, found);
            else scanner.Complete(body, found);
            if (owner._objectPath is not null) owner.Unwrap(body, found, 0);
            events.AddRange(found);
        }
    }
}
