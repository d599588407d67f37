using System.Text.Json;

namespace Helr.Kernel.State;

/// <summary>The <c>{ "source": { "key": "value" } }</c> JSON used by export, import and dumps.</summary>
internal static class StateExport
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static async Task<string> ExportAsync(IStateStore store)
    {
        var all = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var source in await store.ListSourcesAsync())
            all[source] = new SortedDictionary<string, string>(
                (await store.GetAllAsync(source)).ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
        return JsonSerializer.Serialize(all, Pretty);
    }

    /// <summary>Merges the JSON into the store (no keys are deleted); returns how many keys were written.</summary>
    public static async Task<int> ImportAsync(IStateStore store, string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new StateImportException($"invalid JSON: {ex.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new StateImportException("state import must be a JSON object of sources");
            var batches = new List<(string Source, Dictionary<string, string> Values)>();
            foreach (var source in doc.RootElement.EnumerateObject())
            {
                if (source.Value.ValueKind != JsonValueKind.Object)
                    throw new StateImportException($"source \"{source.Name}\" value must be an object");
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var entry in source.Value.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.String)
                        throw new StateImportException($"state value for \"{source.Name}\".{entry.Name} must be a string");
                    values[entry.Name] = entry.Value.GetString()!;
                }
                batches.Add((source.Name, values));
            }
            // Validate everything before writing anything, so a bad file changes nothing.
            foreach (var (source, values) in batches) await store.SetManyAsync(source, values);
            return batches.Sum(b => b.Values.Count);
        }
    }
}

internal sealed class StateImportException(string message) : Exception(message);
