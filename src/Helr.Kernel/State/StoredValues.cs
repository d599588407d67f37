using Helr.Kernel.Config;
using Helr.Kernel.Text;

namespace Helr.Kernel.State;

/// <summary>
/// A stored value as the views meant to be read show it (the SIGUSR1 dump, the REST state view and
/// the status page): stored credentials as <c>[REDACTED]</c>, and in a stored URL the value of every
/// credential-named query parameter, since a vendor's next link repeats the API key of a URL that
/// carries it (<c>url: …?api_key=${KEY}</c>). Positions (<c>pageToken</c>, <c>cursor</c>, <c>after</c>)
/// stay. <c>state show</c> and <c>state export</c> print values as stored (less the key of the source's
/// own url, <see cref="UrlSecretParameters"/>, which resuming puts back): export → import must
/// resume exactly (docs/state.md).
/// </summary>
internal static class StoredValues
{
    private const string RedactedParameter = "%5BREDACTED%5D";

    /// <summary>A source's stored values as shown, less also the key its url takes in the path (<paramref name="urls"/>), which an older version stored.</summary>
    public static IReadOnlyDictionary<string, string> Shown(IReadOnlyDictionary<string, string> values, UrlSecretParameters urls) =>
        urls.Hidden(values).ToDictionary(kv => kv.Key, kv => Shown(kv.Key, kv.Value), StringComparer.Ordinal);

    public static string Shown(string key, string value)
    {
        var printable = CredentialState.Printable(key, value);
        return printable.Contains("://", StringComparison.Ordinal)
            ? QueryPairs.RewriteUrl(printable, (name, _) => IsCredential(name) ? RedactedParameter : null)
            : printable;
    }

    // The config view's rule for a URL's credential parameter (a vendor's name saying auth or key too:
    // subscription-key), less the names of positions.
    private static bool IsCredential(string name) => PluginSdk.CredentialNames.IsCredentialParameter(name);
}
