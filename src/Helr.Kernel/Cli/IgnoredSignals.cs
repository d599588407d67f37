using System.Globalization;

namespace Helr.Kernel.Cli;

/// <summary>
/// Signals this process inherited as ignored. A process started under <c>nohup</c> ignores SIGHUP, and
/// .NET then installs no handler for it: a SIGHUP reload would do nothing, silently. Likewise SIGINT for
/// a background job of a non-interactive shell (<c>helr run &amp;</c> in a script).
/// </summary>
internal static class IgnoredSignals
{
    /// <summary>Whether <paramref name="signal"/> (its number, e.g. 1 for SIGHUP) is ignored; false where that cannot be read (not Linux).</summary>
    public static bool IsIgnored(int signal) => File.Exists("/proc/self/status") && IsIgnored(File.ReadLines("/proc/self/status"), signal);

    /// <summary>Reads the <c>SigIgn</c> mask (hexadecimal, bit n-1 for signal n) of a <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public static bool IsIgnored(IEnumerable<string> status, int signal)
    {
        var line = status.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line.AsSpan("SigIgn:".Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (signal - 1))) != 0;
    }
}
