using Helr.PluginSdk;
using Helr.PluginSdk.Auth;

namespace Helr.Kernel.State;

/// <summary>
/// A source's <see cref="ICredentialStore"/>: its values live in the source's state under
/// <see cref="KeyPrefix"/>, which <c>state show</c> and <c>state export</c> print as
/// <c>[REDACTED]</c> and <c>state import</c> never overwrites with that placeholder. Each value read or
/// stored is one of the source's credentials for <paramref name="secrets"/> (a rotated refresh token).
/// A credential shared by several sources lives in the state of <see cref="SharedPrefix"/> and its key,
/// listed like a source.
/// </summary>
internal sealed class CredentialState(IStateStore store, string sourceId, Text.SecretScrubber? secrets = null) : ICredentialStore, ISharedCredentialStore
{
    public const string KeyPrefix = "helr:secret:";

    public const string SharedPrefix = "helr:shared:";

    public ICredentialStore Shared(string key) => new CredentialState(store, SharedPrefix + key, secrets);

    public static bool IsSecretKey(string key) => key.StartsWith(KeyPrefix, StringComparison.Ordinal);

    /// <summary>True when <paramref name="commit"/> stores credentials and nothing else (no position, no ids).</summary>
    public static bool IsCredentialOnly(StateCommit commit) =>
        commit.DedupeIds.Count == 0 && commit.Values.Count > 0 && commit.Values.Keys.All(IsSecretKey);

    /// <summary>What a state listing shows for <paramref name="key"/>.</summary>
    public static string Printable(string key, string value) => IsSecretKey(key) ? Secret.Redacted : value;

    public async Task<Secret?> GetAsync(string name, CancellationToken cancellationToken)
    {
        // Read before token requests, in the middle of cycles: not a cycle's start (see IStateStore.PeekAsync).
        var all = await store.PeekAsync(sourceId, cancellationToken);
        if (!all.TryGetValue(KeyPrefix + name, out var value) || value.Length == 0 || value == Secret.Redacted) return null;
        secrets?.Learn(KeyPrefix + name, [value]);
        return new Secret(value);
    }

    public Task SetAsync(string name, Secret value, CancellationToken cancellationToken)
    {
        secrets?.Learn(KeyPrefix + name, [value.Reveal()]);
        return store.SetManyAsync(sourceId, new Dictionary<string, string> { [KeyPrefix + name] = value.Reveal() }, cancellationToken);
    }
}
