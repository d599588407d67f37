using System.Security.Cryptography;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// A page <c>getNextPage</c> asked for that the API served byte for byte as the page before it, which
/// had events: the script's paging did not advance (it hands back the link it was given, as an Okta-style
/// next link repeats once the source is caught up, or the API ignores what changed). Each such page wrote
/// the same events again, up to <c>max_pages</c> (100) times a cycle. The declarative paging stops at a
/// link or cursor that repeats; this stops the hook's paging at the page that repeats, without writing it.
/// </summary>
internal sealed class HookRepeatedPage
{
    private byte[]? _lastWithEvents;
    private byte[]? _current;

    /// <summary>Whether <paramref name="body"/> is the body of the page before, which had events.</summary>
    public bool Repeats(ReadOnlySpan<byte> body)
    {
        _current = SHA256.HashData(body);
        return _lastWithEvents is { } last && last.AsSpan().SequenceEqual(_current);
    }

    /// <summary>The page just checked was used, with <paramref name="events"/> events.</summary>
    public void Used(int events) => _lastWithEvents = events > 0 ? _current : null;
}
