using System.Globalization;
using System.Text.RegularExpressions;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config.Hints;

/// <summary>
/// Better messages for numbers and booleans the readers refused: a quoted number or boolean ("remove
/// the quotes"), a number with a unit (<c>60s</c>: "write seconds as a number: 60"), and a fraction
/// where only whole numbers are read. The unit comes from the key's suffix.
/// </summary>
internal static partial class ValueHints
{
    private sealed record Unit(string Name, Dictionary<string, double> Factors);

    private static readonly (string Suffix, Unit Unit)[] Units =
    {
        ("_secs", new Unit("seconds", Factors((1, "s sec secs second seconds"), (0.001, "ms"), (60, "m min mins minute minutes"), (3600, "h hr hrs hour hours"), (86_400, "d day days")))),
        ("_ms", new Unit("milliseconds", Factors((1, "ms"), (1000, "s sec secs"), (60_000, "m min")))),
        ("_bytes", new Unit("bytes", Factors((1, "b"), (1024, "k kb kib"), (1 << 20, "m mb mib"), (1 << 30, "g gb gib")))),
        ("_mb", new Unit("megabytes", Factors((1, "m mb mib"), (1024, "g gb gib")))),
    };

    /// <summary>A message that says how to fix the value of <paramref name="entry"/>, or null when there is nothing better to say.</summary>
    public static string? For(ConfigEntry entry)
    {
        var node = entry.Node;
        if (node is null || node.Kind != ConfigNodeKind.Scalar) return null;
        var kind = ConfigSchema.KindOf(entry.ParentSchemaPath, entry.Key);
        var text = node.ScalarValue!.Trim();
        if (kind == KeyKind.Boolean)
            return node.IsQuoted && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
                ? $"expected true or false, found the text \"{text}\": remove the quotes"
                : null;
        if (kind is not (KeyKind.WholeNumber or KeyKind.Number)) return null;
        var what = kind == KeyKind.WholeNumber ? "a whole number" : "a number";
        var unit = Units.FirstOrDefault(u => entry.Key.EndsWith(u.Suffix, StringComparison.Ordinal)).Unit;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (node.IsQuoted) return $"expected {what}, found the text \"{text}\": remove the quotes";
            if (kind == KeyKind.WholeNumber && number != Math.Floor(number))
                return $"must be a whole number, found {text}" + (unit?.Name == "seconds"
                    ? "; this key takes whole seconds (see \"Numbers\" in docs/configuration.md for the ones that take fractions)"
                    : "");
            return null;
        }
        var match = WithUnit().Match(text);
        if (unit is null || !match.Success || !unit.Factors.TryGetValue(match.Groups[2].Value.ToLowerInvariant(), out var factor)) return null;
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
        var shown = value.ToString(CultureInfo.InvariantCulture);
        return kind == KeyKind.WholeNumber && value != Math.Floor(value)
            ? $"write {unit.Name} as a whole number (found '{text}', which is {shown} {unit.Name})"
            : $"write {unit.Name} as a number: {shown} (found '{text}')";
    }

    private static Dictionary<string, double> Factors(params (double Factor, string Names)[] groups) =>
        groups.SelectMany(g => g.Names.Split(' ').Select(n => (Name: n, g.Factor))).ToDictionary(x => x.Name, x => x.Factor);

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)$")]
    private static partial Regex WithUnit();
}
