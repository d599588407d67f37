using System.Text.Json;

namespace Helr.Kernel.State;

/// <summary>
/// The <c>{ "source": { "key": "value" } }</c> JSON used by export, import and dumps. A source's
/// persisted dedupe window travels as the key <see cref="DedupeKey"/> whose value is a JSON array of
/// ids (oldest first), so export → import moves everything between backends.
/// </summary>
internal static class StateExport
{
    public const string DedupeKey = "helr:dedupe_ids";

    /// <param name="forReading">A dump to read, not to import: URLs lose their credential query values (<see cref="StoredValues"/>),
    /// the dedupe window is shown as its size and newest ids.</param>
    /// <param name="hidden">A source's stored values as exported (without what may be left out and still import).</param>
    public static async Task<string> ExportAsync(IStateStore store, bool forReading = false,
        Func<string, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>>? hidden = null)
    {
        var all = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var source in await store.ListSourcesAsync())
        {
            var stored = await store.PeekAsync(source);
            var values = new SortedDictionary<string, string>(
                (hidden is null ? stored : hidden(source, stored)).ToDictionary(kv => kv.Key, kv => forReading ? StoredValues.Shown(kv.Key, kv.Value) : CredentialState.Printable(kv.Key, kv.Value)),
                StringComparer.Ordinal);
            var ids = await store.GetDedupeIdsAsync(source, int.MaxValue);
            if (ids.Count > 0) values[DedupeKey] = forReading ? WindowSummary(ids) : JsonSerializer.Serialize(ids, Text.ReadableJson.Compact);
            all[source] = values;
        }
        return JsonSerializer.Serialize(all, Text.ReadableJson.Indented);
    }

    // A dump is often one log line: a window of 100,000 ids made it megabytes. Its size and newest ids (oldest
    // first, as exported) say what a reader needs; the export, which an import needs, keeps the whole window.
    private static string WindowSummary(IReadOnlyList<string> ids)
    {
        const int shown = 3;
        var newest = string.Join(", ", ids.Skip(Math.Max(0, ids.Count - shown)));
        return $"{ids.Count} {(ids.Count == 1 ? "id" : "ids")} ({(ids.Count > shown ? "…, " : "")}{newest})";
    }

    /// <summary>Merges the JSON into the store (no keys are deleted); returns how many keys were written.</summary>
    /// <param name="sources">Gets the ids of the sources the file has state for, once it is written.</param>
    public static async Task<int> ImportAsync(IStateStore store, string json, ICollection<string>? sources = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            // Not the parser's message: it quotes the input ("'nope\n' is an invalid JSON literal"), breaking the
            // error line and printing a piece of a file that may hold a cursor with a token in it.
            throw new StateImportException(ex.LineNumber is { } line
                ? $"invalid JSON on stdin at line {line + 1}, byte {ex.BytePositionInLine + 1}"
                : "invalid JSON on stdin");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new StateImportException("state import must be a JSON object of sources");
            var batches = new List<(string Source, Dictionary<string, string> Values, IReadOnlyList<string> Ids)>();
            // JSON lets a name appear twice, and which entry was meant cannot be told: merged, the second's keys
            // won silently and the ids both windows hold were appended twice.
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var source in doc.RootElement.EnumerateObject())
            {
                var sourceName = AsText(() => source.Name, "a source name");
                if (!named.Add(sourceName))
                    throw new StateImportException($"source \"{sourceName}\" appears twice; keep one entry for it");
                if (source.Value.ValueKind != JsonValueKind.Object)
                    throw new StateImportException($"source \"{sourceName}\" value must be an object");
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                var keys = new HashSet<string>(StringComparer.Ordinal);
                IReadOnlyList<string> ids = Array.Empty<string>();
                foreach (var entry in source.Value.EnumerateObject())
                {
                    var key = AsText(() => entry.Name, $"a state key of \"{sourceName}\"");
                    if (!keys.Add(key))
                        throw new StateImportException($"state key \"{sourceName}\".{key} appears twice; keep one");
                    if (entry.Value.ValueKind != JsonValueKind.String)
                        throw new StateImportException($"state value for \"{sourceName}\".{key} must be a string");
                    var value = AsText(() => entry.Value.GetString()!, $"state value for \"{sourceName}\".{key}");
                    if (key == DedupeKey) ids = ParseIds(sourceName, value);
                    // An export shows stored credentials as the placeholder: importing it must not replace the real one.
                    else if (CredentialState.IsSecretKey(key) && value == PluginSdk.Secret.Redacted) continue;
                    else values[key] = value;
                }
                batches.Add((sourceName, values, ids));
            }
            // Validate everything before writing anything, so a bad file changes nothing; then all of it
            // at once, so a store error part-way changes nothing either.
            for (var i = 0; i < batches.Count; i++)
                if (batches[i].Ids.Count > 0) batches[i] = batches[i] with { Ids = await NewIdsAsync(store, batches[i].Source, batches[i].Ids) };
            await store.CommitAllAsync(batches.Select(b => KeyValuePair.Create(b.Source, new StateCommit(b.Values, b.Ids, int.MaxValue))).ToList());
            foreach (var b in batches) sources?.Add(b.Source);
            return batches.Sum(b => b.Values.Count + (b.Ids.Count > 0 ? 1 : 0));
        }
    }

    // An unpaired surrogate escape (\ud800) is valid JSON but no text, and .NET's error for it named neither
    // the source nor the key.
    private static string AsText(Func<string> read, string what)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            throw new StateImportException($"{what} is not text: an unpaired \\uD800-\\uDFFF escape");
        }
    }

    // Only the ids the window does not hold yet: importing one export twice appended its window again,
    // and the repeats took the place of real ids when the window was next trimmed to its capacity.
    private static async Task<IReadOnlyList<string>> NewIdsAsync(IStateStore store, string source, IReadOnlyList<string> ids)
    {
        var held = new HashSet<string>(await store.GetDedupeIdsAsync(source, int.MaxValue), StringComparer.Ordinal);
        return ids.Where(held.Add).ToList();
    }

    private static IReadOnlyList<string> ParseIds(string source, string json)
    {
        try
        {
            var ids = JsonSerializer.Deserialize<List<string>>(json) ?? throw new JsonException("null");
            // A null element deserialises fine but no store can hold it: caught here, before anything is written.
            return ids.Contains(null!) ? throw new JsonException("null id") : ids;
        }
        catch (JsonException)
        {
            throw new StateImportException($"state value for \"{source}\".{DedupeKey} must be a JSON array of strings");
        }
    }
}
