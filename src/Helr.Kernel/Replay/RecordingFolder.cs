using System.Security.Cryptography;
using System.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// The folder of a source's recording under <c>--record-dir</c>. Upstream's rule turns every character
/// other than ASCII letters, digits, '-' and '_' into '_', so <c>team/a</c> and <c>team_a</c> would
/// share one folder and their recordings mix; an id the rule changes gets a short hash of itself appended.
/// So does an id with an upper-case letter: a case-insensitive file system (macOS, Windows) makes
/// <c>Okta</c> and <c>okta</c> one folder, and only the all-lower-case id keeps its bare name.
/// </summary>
internal static class RecordingFolder
{
    public static string Name(string sourceId)
    {
        var cleaned = Cleaned(sourceId);
        if (cleaned == sourceId && !sourceId.Any(char.IsAsciiLetterUpper)) return cleaned;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)))[..8];
        return $"{cleaned}-{hash}";
    }

    /// <summary>
    /// The folder a replay reads: <see cref="Name"/>, or, when that does not exist, upstream's (and older
    /// Helr's) name for an id the rule changes, so their recordings still replay. That older folder must
    /// be spelt exactly so: on a case-insensitive file system <c>Okta</c> would otherwise find <c>okta</c>'s.
    /// </summary>
    public static string Find(string recordingDir, string sourceId)
    {
        var folder = Path.Combine(recordingDir, Name(sourceId));
        var upstream = Cleaned(sourceId);
        if (Directory.Exists(folder) || !Directory.Exists(recordingDir)) return folder;
        var older = Directory.EnumerateDirectories(recordingDir)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d), upstream, StringComparison.Ordinal));
        return older ?? folder;
    }

    private static string Cleaned(string sourceId) =>
        new(sourceId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
