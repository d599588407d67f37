using System.CommandLine;
using System.Text.Json;
using Helr.Kernel.Config;
using Helr.Kernel.State;
using Helr.PluginSdk.Config;
using Helr.Kernel.Text;

namespace Helr.Kernel.Cli;

/// <summary>
/// <c>helr state show|reset|set|export|import</c>. Only <c>global.state</c> and the sources' ids and
/// urls are read from the config, so these work without the sources' secrets. Reads take no lock (they work beside a running helr);
/// changes take the single-writer lock.
/// </summary>
internal static class StateCommand
{
    public static Command Create()
    {
        var command = new Command("state", "Inspect or change stored state");
        var source = new Argument<string>("source") { Description = "Source id" };
        var show = new Command("show", "Print the state of a source") { source };
        show.SetAction((p, _) => WithStore(p, write: false, async (store, sources) =>
        {
            var id = p.GetValue(source)!;
            var values = await store.GetAllAsync(id);
            var ids = await store.GetDedupeIdsAsync(id, int.MaxValue);
            var configured = sources.ContainsKey(id);
            if (values.Count == 0 && ids.Count == 0)
            {
                if (configured)
                {
                    Console.WriteLine($"{id} (no state)");
                    return 0;
                }
                // Most likely a typo: say so rather than report an empty state for a source that never existed.
                Console.Error.WriteLine($"error: {NotASource(p, sources, id)}");
                return 1;
            }
            Console.WriteLine(configured ? id
                : id.StartsWith(CredentialState.SharedPrefix, StringComparison.Ordinal) ? $"{id} (the rotated refresh token of the sources configured with one refresh token: not a source)"
                : $"{id} (removed: not a source in {p.GetValue(GlobalOptions.Config)}; its state is still stored)");
            foreach (var (k, v) in Hidden(sources, id, values)) Console.WriteLine($"  {k}: {CredentialState.Printable(k, v)}");
            if (ids.Count > 0) Console.WriteLine($"  (dedupe window: {ids.Count} event ids)");
            return 0;
        }));
        var resetSource = new Argument<string>("source") { Description = "Source id" };
        var reset = new Command("reset", "Delete all state of a source") { resetSource };
        reset.SetAction((p, _) => WithStore(p, write: true, async (store, sources) =>
        {
            var id = p.GetValue(resetSource)!;
            // A typo reset nothing and said it had: the source the operator meant went on from where it was.
            if (await UnknownAsync(store, sources, id))
            {
                Console.Error.WriteLine($"error: {NotASource(p, sources, id)}");
                return 1;
            }
            await store.ClearSourceAsync(id);
            Console.WriteLine($"reset state for source \"{id}\"");
            return 0;
        }));
        var setSource = new Argument<string>("source") { Description = "Source id" };
        var key = new Argument<string>("key") { Description = "State key, e.g. next_url or cursor" };
        var value = new Argument<string>("value") { Description = "New value" };
        var set = new Command("set", "Set one state key of a source") { setSource, key, value };
        set.SetAction((p, _) => WithStore(p, write: true, async (store, sources) =>
        {
            var (id, k, v) = (p.GetValue(setSource)!, p.GetValue(key)!, p.GetValue(value)!);
            // Stored all the same (state for a source about to be added), but a typo must not pass for the source meant.
            if (k != StateExport.DedupeKey && await UnknownAsync(store, sources, id))
                Console.Error.WriteLine($"warning: {NotASource(p, sources, id)} (stored all the same)");
            if (k == StateExport.DedupeKey)
            {
                // Only export and import use this name, for the window kept beside the keys: set as a key, the
                // collector would never read it, and an export would pass it off as the window.
                Console.Error.WriteLine($"error: {k} is the dedupe window of {id}, not a state key: state import appends ids to it, state reset clears it");
                return 1;
            }
            await store.SetManyAsync(id, new Dictionary<string, string> { [k] = v });
            // A stored credential (a refresh token put back by hand) is echoed as show and export print it: a
            // script's or CI job's output is a log.
            Console.WriteLine($"set {id} {k} = {JsonSerializer.Serialize(CredentialState.Printable(k, v), ReadableJson.Compact)}");
            return 0;
        }));
        var export = new Command("export", "Print all state as JSON: {source: {key: value}}");
        export.SetAction((p, _) => WithStore(p, write: false, async (store, sources) =>
        {
            Console.WriteLine(await StateExport.ExportAsync(store, hidden: (id, values) => Hidden(sources, id, values)));
            return 0;
        }));
        var import = new Command("import", "Merge state from JSON on stdin (the export format)");
        import.SetAction((p, _) => WithStore(p, write: true, async (store, sources) =>
        {
            // An export opened and saved in an editor may come back with a byte order mark, which JSON does not allow.
            var imported = new List<string>();
            var count = await StateExport.ImportAsync(store, (await Console.In.ReadToEndAsync()).TrimStart('\uFEFF'), imported);
            // Imported all the same (state for a source about to be added, as set), but an export taken before a source was
            // renamed went in under the old name without a word, while the renamed source started afresh.
            foreach (var id in imported.Where(id => !sources.ContainsKey(id) && !id.StartsWith(CredentialState.SharedPrefix, StringComparison.Ordinal)))
                Console.Error.WriteLine($"warning: imported state for '{id}', which is not a source in {p.GetValue(GlobalOptions.Config)}{Configured(sources, id)}");
            Console.Error.WriteLine($"state import complete: {count} keys");
            return 0;
        }));
        foreach (var sub in new[] { show, reset, set, export, import }) command.Subcommands.Add(sub);
        // Upstream answers a bare `helr state` with its usage and success, not with a usage error (2).
        command.SetAction(_ =>
        {
            Console.Error.WriteLine($"usage: helr state {{{string.Join(",", command.Subcommands.Select(c => c.Name))}}}");
            foreach (var sub in command.Subcommands)
                Console.Error.WriteLine($"  {string.Join(" ", sub.Arguments.Select(a => $"<{a.Name}>").Prepend(sub.Name)),-28}{sub.Description}");
            return 0;
        });
        return command;
    }

    // Neither configured nor stored. A read the store fails (a Redis key of another type, which reset repairs) is no sign of a typo.
    private static async Task<bool> UnknownAsync(IStateStore store, IReadOnlyDictionary<string, UrlSecretParameters> sources, string id)
    {
        if (sources.ContainsKey(id)) return false;
        try
        {
            return (await store.GetAllAsync(id)).Count == 0 && (await store.GetDedupeIdsAsync(id, 1)).Count == 0;
        }
        catch (StateStoreUnavailableException)
        {
            return false;
        }
    }

    private static string NotASource(ParseResult p, IReadOnlyDictionary<string, UrlSecretParameters> sources, string id) =>
        $"'{id}' is not a source in {p.GetValue(GlobalOptions.Config)} and has no stored state{Configured(sources, id)}";

    // " (sources: a, b); did you mean 'a'?": what an id that is no source is told.
    private static string Configured(IReadOnlyDictionary<string, UrlSecretParameters> sources, string id)
    {
        var hint = KeySuggester.Suggest(id, sources.Keys);
        return $" (sources: {(sources.Count == 0 ? "none" : string.Join(", ", sources.Keys))}){(hint is null ? "" : $"; did you mean '{hint}'?")}";
    }

    // State an older version wrote may hold the key of a url's query (?api_key=${KEY}) that the running
    // collector now leaves out: shown and exported without it when this environment has it, as the
    // collector would store it; an import of that resumes with the key configured then.
    private static IReadOnlyDictionary<string, string> Hidden(IReadOnlyDictionary<string, UrlSecretParameters> sources, string id,
        IReadOnlyDictionary<string, string> values) => sources.TryGetValue(id, out var secrets) ? secrets.Hidden(values) : values;

    /// <param name="action">Gets the store and the sources the config has (their ids, in file order, with the secrets of their urls).</param>
    private static async Task<int> WithStore(ParseResult parse, bool write, Func<IStateStore, IReadOnlyDictionary<string, UrlSecretParameters>, Task<int>> action)
    {
        var path = parse.GetValue(GlobalOptions.Config)!;
        var (stateConfig, sources) = StateConfigFile.Read(path);
        if (stateConfig is null) return 1;
        try
        {
            await using var opened = await StateStoreFactory.OpenAsync(stateConfig, exclusive: write, readOnly: !write, TimeProvider.System);
            return await action(opened.Store, sources);
        }
        catch (Exception ex) when (ex is StateLockedException or StateImportException or StateStoreUnavailableException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
