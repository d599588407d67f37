namespace Helr.Kernel.State;

/// <summary>
/// The rule that keeps a write-back from moving a stored position backwards: Helr remembers, per
/// source, the stored values its memory state started from, and writes a kept checkpoint only while
/// the store still holds those.
/// </summary>
internal sealed partial class FallbackStateStore
{
    // True when the store holds, for a key the kept checkpoint would write, another value than the one
    // the memory state started from: the store then wins (it is kept, mirrored and used from now on).
    // A value this process's own kept checkpoints had (<paramref name="sent"/>) is not a move: a write
    // whose answer was lost stored it, and dropping the rest of the cycle's checkpoints for it made the
    // next cycle fetch again everything the cycle wrote after that page.
    private async Task<bool> StoreMovedAsync(string sourceId, StateCommit commit, CancellationToken ct, Func<string, string?, bool>? sent = null)
    {
        if (commit.Values.Count == 0) return false;
        var stored = await primary.GetAllAsync(sourceId, ct);
        var seen = _base.TryGetValue(sourceId, out var b) ? b : new Dictionary<string, string>();
        // Every stored key counts, not only the ones this commit writes: a cut-short traversal writes
        // its running maximum under <key>_pending, so the stored watermark it would fall behind is a
        // key the commit never names.
        var moved = stored.Keys.Union(seen.Keys)
            .Where(k => stored.GetValueOrDefault(k) is var now && now != seen.GetValueOrDefault(k) && sent?.Invoke(k, now) != true).ToList();
        if (moved.Count == 0) return false;
        var shown = moved.Union(commit.Values.Keys).Order(StringComparer.Ordinal).ToList();
        _base[sourceId] = stored;
        _mirror.ReplaceValues(sourceId, stored);
        _stale[sourceId] = true;
        log.Warning("state store is back, but the stored position of {SourceId} ({Stored}) is not the one this process started from ({Started}); " +
            "the store wins: dropping the position kept in memory ({Memory}) and continuing from the stored one",
            sourceId, Describe(stored, shown), Describe(seen, shown), Describe(commit.Values, shown));
        return true;
    }

    // Every stored key that differs is named, a stored credential (a rotated refresh token) too: a start
    // with the store down saw none of them.
    private static string Describe(IReadOnlyDictionary<string, string> values, IEnumerable<string> keys) =>
        string.Join(", ", keys.Select(k => values.TryGetValue(k, out var v) ? $"{k}={Shorten(CredentialState.Printable(k, v))}" : $"{k} unset"));

    // Positions can be next URLs: their query may carry credentials, so it is never shown.
    private static string Shorten(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? Text.UrlText.Redact(url) : value.Length > 80 ? value[..80] + "…" : value;

    private void Stored(string sourceId, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0) return;
        _base.AddOrUpdate(sourceId,
            _ => new Dictionary<string, string>(values, StringComparer.Ordinal),
            (_, old) =>
            {
                var merged = new Dictionary<string, string>(old, StringComparer.Ordinal);
                foreach (var (k, v) in values) merged[k] = v;
                return merged;
            });
    }
}
