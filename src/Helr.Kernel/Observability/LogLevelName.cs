using System.Globalization;

namespace Helr.Kernel.Observability;

/// <summary>
/// The levels <c>log_level</c> and <c>HELR_LOG_LEVEL</c> take: upstream makes the value the level of a
/// <c>helr=&lt;level&gt;</c> tracing filter, which reads <c>off</c>, <c>error</c> … <c>trace</c> in any case
/// and the numbers 0 (off) to 5 (trace), so a config written for upstream may use any of them.
/// </summary>
internal static class LogLevelName
{
    public static readonly string[] Names = { "off", "error", "warn", "info", "debug", "trace" };

    /// <summary>The level's name, or null when the value is not a level.</summary>
    public static string? Normalize(string value)
    {
        var trimmed = value.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number is >= 0 and <= 5 ? Names[number] : null;
        return Names.FirstOrDefault(n => string.Equals(n, trimmed, StringComparison.OrdinalIgnoreCase));
    }
}
