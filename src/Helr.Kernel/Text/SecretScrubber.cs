using System.Collections.Concurrent;

namespace Helr.Kernel.Text;

/// <summary>
/// One source's credentials, cut out of what the kernel prints on its plugin's behalf (the plugin's
/// log entries, its exceptions' messages as <c>last_error</c>): a third-party plugin that logs its
/// request, a header or an exception quoting the token must not leak it. The values are the ones the
/// config resolves to (found when the source is composed) and the ones the source learns as it runs:
/// the credentials its authenticator sends, the tokens it stores.
/// </summary>
internal sealed class SecretScrubber
{
    public const string Redacted = "[REDACTED]";

    private readonly string[] _configured;
    private readonly ConcurrentDictionary<string, string[]> _learned = new(StringComparer.Ordinal);
    private int _version;
    private volatile Cached? _cache;

    public SecretScrubber(IEnumerable<string> configured) => _configured = configured.Where(v => v.Length > 0).Distinct().ToArray();

    /// <summary>Every raw value known now (configured and learned), for a reader that cuts them out itself.</summary>
    public IReadOnlyList<string> Values => _configured.Concat(_learned.Values.SelectMany(v => v)).ToList();

    /// <summary>
    /// The values in use now under <paramref name="slot"/> (the credentials just sent, a stored token),
    /// replacing what the slot held: a source renewing its token for months keeps one value per slot.
    /// </summary>
    public void Learn(string slot, IReadOnlyList<string> values)
    {
        if (_learned.TryGetValue(slot, out var known) && known.SequenceEqual(values, StringComparer.Ordinal)) return;
        _learned[slot] = values.ToArray();
        Interlocked.Increment(ref _version);
    }

    /// <summary><paramref name="text"/> with every known credential (as sent, decoded, or escaped) replaced by <see cref="Redacted"/>.</summary>
    public string Scrub(string text)
    {
        if (text.Length < CredentialVariants.ShortestSecret) return text;
        foreach (var secret in Ordered())
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>
    /// <see cref="Scrub"/> for a URL path written into every event line (the NDJSON <c>endpoint</c>): only
    /// credentials <see cref="CuttableSecret"/> takes. A short one is a path's word or number as often as
    /// not (a Basic password "logs" in <c>/api/v1/logs</c>): cut there it garbles every line and, the
    /// path being known, tells the reader the credential. A key an API takes in its path is long.
    /// </summary>
    public string ScrubPath(string path)
    {
        foreach (var secret in Ordered())
        {
            // Contains first: it is almost always false, and CuttableSecret.Is walks the value (once per page and secret).
            if (path.Contains(secret, StringComparison.Ordinal) && CuttableSecret.Is(secret)) path = path.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        return path;
    }

    // Longest first, so a credential is cut whole before a shorter part of it (Basic's password) is looked for.
    private string[] Ordered()
    {
        var version = Volatile.Read(ref _version);
        if (_cache is { } cache && cache.Version == version) return cache.Secrets;
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in Values) CredentialVariants.AddCredential(secrets, value);
        CredentialVariants.AddEscaped(secrets);
        var ordered = secrets.OrderByDescending(s => s.Length).ToArray();
        _cache = new Cached(version, ordered);
        return ordered;
    }

    private sealed record Cached(int Version, string[] Secrets);
}
