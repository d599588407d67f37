using System.Security.Cryptography;
using System.Text;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// The environment a source is built through: notes a digest of each file read while the source is
/// built (a hook script, a key file), so that a reload which finds one edited counts the source as
/// changed and builds it again. Helr's config records hold what the file says only for the kernel's
/// own keys (tls PEMs); what a plugin reads would otherwise go unnoticed. Reads after
/// <see cref="Seal"/> (a secret file read at each use) pass through unnoted.
/// </summary>
internal sealed class BuildReadsEnvironment(IHelrEnvironment inner) : IHelrEnvironment
{
    private volatile Dictionary<string, string>? _digests = new(StringComparer.Ordinal);

    public string? GetVariable(string name) => inner.GetVariable(name);

    public string ReadFile(string path)
    {
        var text = inner.ReadFile(path);
        // A digest, not the text: the file may hold a secret, and the record holding this is compared, not kept for its contents.
        if (_digests is { } digests) digests[path] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return text;
    }

    public bool CanRead(string path) => inner.CanRead(path);

    /// <summary>The files read so far, by digest; from now on reads are not noted.</summary>
    public ValueMap<string> Seal()
    {
        var digests = _digests;
        _digests = null;
        return digests is null || digests.Count == 0 ? ValueMap<string>.Empty : new ValueMap<string>(digests);
    }
}
