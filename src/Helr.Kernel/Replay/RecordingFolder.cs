using System.Security.Cryptography;
using System.Text;

namespace Helr.Kernel.Replay;

/// <summary>
/// The folder of a source's recording under <c>--record-dir</c>. Upstream's rule turns every character
/// other than ASCII letters, digits, '-' and '_' into '_', so <c>team/a</c> and <c>team_a</c> would
/// share one folder and their recordings mix; an id the rule changes gets a short hash of itself appended.
/// </summary>
internal static class RecordingFolder
{
    public static string Name(string sourceId)
    {
        var cleaned = Cleaned(sourceId);
        if (cleaned == sourceId) return cleaned;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceId)))[..8];
        return $"{cleaned}-{hash}";
    }

    /// <summary>
    /// The folder a replay reads: <see cref="Name"/>, or, when that does not exist, upstream's (and older
    /// Helr's) name for an id the rule changes, so their recordings still replay.
    /// </summary>
    public static string Find(string recordingDir, string sourceId)
    {
        var folder = Path.Combine(recordingDir, Name(sourceId));
        var upstream = Path.Combine(recordingDir, Cleaned(sourceId));
        return Directory.Exists(folder) || !Directory.Exists(upstream) ? folder : upstream;
    }

    private static string Cleaned(string sourceId) =>
        new(sourceId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
