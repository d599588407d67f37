using System.Text;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>
/// The keys (<c>id.time</c> and <c>id.uniqueQualifier</c>) of activities already written whose time
/// a later window asks for again, kept in the source's state (one key, <c>overlap_ids</c>) so a
/// restart recognises them too. Bounded by time, not by count: it holds exactly the overlap.
/// </summary>
internal sealed class OverlapMemory
{
    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    /// <summary>The memory as stored: <c>time|qualifier</c> entries separated by commas.</summary>
    public static OverlapMemory Parse(string? stored)
    {
        var memory = new OverlapMemory();
        foreach (var key in (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bar = key.IndexOf('|');
            if (bar > 0 && Rfc3339.Parse(key[..bar]) is { } at) memory._keys[key] = at;
        }
        return memory;
    }

    public static string Key(string time, string qualifier) => time + "|" + qualifier;

    /// <summary>True when <paramref name="key"/> is new (and remembers it).</summary>
    public bool Add(string key, DateTimeOffset at) => _keys.TryAdd(key, at);

    /// <summary>The keys that <paramref name="keep"/> accepts, as stored.</summary>
    public string Serialize(Func<DateTimeOffset, bool> keep)
    {
        var text = new StringBuilder();
        foreach (var (key, at) in _keys)
        {
            if (!keep(at)) continue;
            if (text.Length > 0) text.Append(',');
            text.Append(key);
        }
        return text.ToString();
    }
}
