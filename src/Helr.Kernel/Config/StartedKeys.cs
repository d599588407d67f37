using System.Text.Json.Nodes;

namespace Helr.Kernel.Config;

/// <summary>
/// A config block as written, with some keys put back as another version of the file had them: after a
/// reload, the keys it does not apply keep running with their values from the start.
/// </summary>
internal static class StartedKeys
{
    /// <summary>A copy of <paramref name="current"/> whose <paramref name="keys"/> (dotted paths) are as in <paramref name="started"/>, or absent where it lacks them.</summary>
    public static JsonObject Restore(JsonObject? current, JsonObject? started, IEnumerable<string> keys)
    {
        var result = current?.DeepClone() as JsonObject ?? new JsonObject();
        foreach (var key in keys)
        {
            var path = key.Split('.');
            Parent(result, path, create: false)?.Remove(path[^1]);
            if (Parent(started, path, create: false) is { } from && from.TryGetPropertyValue(path[^1], out var value))
                Parent(result, path, create: true)![path[^1]] = value?.DeepClone();
        }
        return result;
    }

    private static JsonObject? Parent(JsonObject? root, string[] path, bool create)
    {
        var node = root;
        foreach (var key in path[..^1])
        {
            if (node is null) return null;
            if (node[key] is JsonObject child)
            {
                node = child;
                continue;
            }
            if (!create) return null;
            var made = new JsonObject();
            node[key] = made;
            node = made;
        }
        return node;
    }
}
