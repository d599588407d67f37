using System.Security.Cryptography;
using Helr.PluginSdk.Events;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// A page <c>getNextPage</c> asked for whose events are byte for byte those of the page before it: the
/// script's paging did not advance (it hands back the link it was given, as an Okta-style next link
/// repeats once the source is caught up, or the API ignores what changed). Each such page wrote the same
/// events again, up to <c>max_pages</c> (100) times a cycle. The events, not the whole body, are compared:
/// most APIs answer with something of their own beside them (a request id, the time the query took), so
/// the bodies of a page asked twice differ. The declarative paging stops at a link or cursor that repeats;
/// this stops the hook's paging at the page that repeats, without writing it.
/// </summary>
internal sealed class HookRepeatedPage
{
    private byte[]? _lastWithEvents;
    private byte[]? _current;

    /// <summary>Whether <paramref name="events"/> are those of the page before, which had some.</summary>
    public bool Repeats(EventBatch events)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < events.Count; i++)
        {
            // Each event's length before it: ["a,b"] and ["a","b"] must not hash alike.
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, events[i].Length);
            hash.AppendData(length);
            hash.AppendData(events[i]);
        }
        _current = events.Count > 0 ? hash.GetHashAndReset() : null;
        return _current is not null && _lastWithEvents is { } last && last.AsSpan().SequenceEqual(_current);
    }

    /// <summary>The page just checked was used.</summary>
    public void Used() => _lastWithEvents = _current;
}
