using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>
/// The keys (<c>id.time</c> and <c>id.uniqueQualifier</c>; Cloud Logging's <c>timestamp</c>, <c>logName</c> and <c>insertId</c>) of activities already written whose time
/// a later window asks for again, kept in the source's state (one key, <c>overlap_ids</c>) so a
/// restart recognises them too. Bounded by time, not by count: it holds exactly the overlap.
/// </summary>
internal sealed class OverlapMemory
{
    private readonly Dictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    /// <summary>
    /// The memory as stored: a JSON array of <c>time|qualifier</c> keys, or (as versions before 0.1.2 wrote
    /// it) the keys separated by commas, which a Cloud Logging <c>insertId</c> may itself contain.
    /// </summary>
    public static OverlapMemory Parse(string? stored)
    {
        var memory = new OverlapMemory();
        if (string.IsNullOrEmpty(stored)) return memory;
        foreach (var key in stored[0] == '[' ? FromJson(stored) : stored.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bar = key.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && Rfc3339.Parse(key[..bar]) is { } at) memory._keys[key] = at;
        }
        return memory;
    }

    // Unreadable text remembers nothing: activities come again rather than the source failing every cycle.
    private static string[] FromJson(string stored)
    {
        var keys = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(stored);
            foreach (var item in json.RootElement.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String) keys.Add(item.GetString()!);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            keys.Clear();
        }
        return keys.ToArray();
    }

    private static string Key(string time, string qualifier) => time + "|" + qualifier;

    /// <summary>True when <paramref name="key"/> is new (and remembers it).</summary>
    private bool Add(string key, DateTimeOffset at) => _keys.TryAdd(key, at);

    /// <summary>
    /// True when the event is new (and remembers it): keyed <c>time|scope|qualifier</c> when it has a
    /// <paramref name="scope"/> (a Cloud Logging <c>logName</c>, which holds no <c>|</c>), else <c>time|qualifier</c>.
    /// </summary>
    public bool Add(string time, string? scope, string qualifier, DateTimeOffset at)
    {
        if (scope is null) return Add(Key(time, qualifier), at);
        // Earlier versions keyed without the log name: an entry they remembered was written, after an upgrade too.
        var remembered = _keys.ContainsKey(Key(time, qualifier));
        return Add(Key(time, scope + "|" + qualifier), at) && !remembered;
    }

    /// <summary>The keys that <paramref name="keep"/> accepts, as stored (empty when none).</summary>
    public string Serialize(Func<DateTimeOffset, bool> keep)
    {
        if (!_keys.Values.Any(keep)) return "";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            foreach (var (key, at) in _keys)
                if (keep(at)) json.WriteStringValue(key);
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
