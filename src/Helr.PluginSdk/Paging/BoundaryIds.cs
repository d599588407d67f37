using System.Text.Json.Nodes;

namespace Helr.PluginSdk.Paging;

/// <summary>
/// The ids of the events whose tracked value equals one watermark value. Vendors' range filters are
/// inclusive, so those events come back on the next first request; these ids tell them apart from
/// new events that share the timestamp. Stored in state as a JSON array of strings.
/// </summary>
internal sealed class BoundaryIds
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public int Count => _ids.Count;

    public bool Contains(string id) => _ids.Contains(id);

    public void Add(string id) => _ids.Add(id);

    public void UnionWith(BoundaryIds other) => _ids.UnionWith(other._ids);

    public void Clear() => _ids.Clear();

    public BoundaryIds Copy()
    {
        var copy = new BoundaryIds();
        copy._ids.UnionWith(_ids);
        return copy;
    }

    /// <summary>Reads a stored array; anything unreadable (a hand-edited state) counts as no ids, which repeats rather than loses events.</summary>
    public static BoundaryIds Parse(string? stored)
    {
        var result = new BoundaryIds();
        if (string.IsNullOrEmpty(stored)) return result;
        try
        {
            if (JsonNode.Parse(stored) is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is JsonValue value && value.TryGetValue<string>(out var id)) result._ids.Add(id);
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Left empty on purpose, see above.
        }
        return result;
    }

    public string ToJson() => new JsonArray(_ids.Order(StringComparer.Ordinal).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()).ToJsonString();
}
