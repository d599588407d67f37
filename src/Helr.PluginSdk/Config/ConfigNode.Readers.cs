using System.Globalization;
using System.Numerics;

namespace Helr.PluginSdk.Config;

public sealed partial class ConfigNode
{
    /// <summary>A string value; records an error when it is not a scalar or is required and missing.</summary>
    public string? String(string key, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind != ConfigNodeKind.Scalar)
        {
            node.FailShape($"expected a string, found a {Describe(node.Kind)}");
            return null;
        }
        if (required && node.ScalarValue!.Length == 0) node.Fail("must not be empty");
        return node.ScalarValue;
    }

    /// <summary>An integer value within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(string key, long min = long.MinValue, long max = long.MaxValue, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind != ConfigNodeKind.Scalar || node.IsQuoted || !YamlInteger.TryParse(node.ScalarValue, out long value))
        {
            node.Fail(OutOfLongRange(node) is { } sign ? TooFar(sign, min, max, node.ScalarValue!) : $"expected a whole number, found {Quote(node)}");
            return null;
        }
        if (value < min || value > max)
        {
            node.Fail(max == long.MaxValue ? $"must be at least {min}, found {value}" : $"must be between {min} and {max}, found {value}");
            return null;
        }
        return value;
    }

    /// <summary>A number value within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double? Number(string key, double min = double.MinValue, double max = double.MaxValue, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind != ConfigNodeKind.Scalar || node.IsQuoted || !TryNumber(node.ScalarValue!, out var value))
        {
            node.Fail($"expected a number, found {Quote(node)}");
            return null;
        }
        if (value < min || value > max)
        {
            node.Fail(max == double.MaxValue ? $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, found {node.ScalarValue}"
                : $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, found {node.ScalarValue}");
            return null;
        }
        return value;
    }

    /// <summary>A boolean value (<c>true</c> or <c>false</c>).</summary>
    public bool? Boolean(string key, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind == ConfigNodeKind.Scalar && !node.IsQuoted)
        {
            if (string.Equals(node.ScalarValue, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(node.ScalarValue, "false", StringComparison.OrdinalIgnoreCase)) return false;
        }
        node.Fail($"expected true or false, found {Quote(node)}");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (compared case-insensitively), returned as written in <paramref name="allowed"/>.</summary>
    public string? Choice(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var value = String(key, required);
        if (value is null) return null;
        foreach (var option in allowed)
        {
            if (string.Equals(option, value, StringComparison.OrdinalIgnoreCase)) return option;
        }
        var hint = KeySuggester.Suggest(value, allowed);
        Fail(key, $"'{value}' is not one of: {string.Join(", ", allowed)}" + (hint is null ? "" : $"; did you mean '{hint}'?"));
        return null;
    }

    /// <summary>A list of strings.</summary>
    public IReadOnlyList<string>? StringList(string key, bool required = false)
    {
        var node = Sequence(key, required);
        if (node is null) return null;
        var result = new List<string>();
        foreach (var item in node.Items)
        {
            if (item.Kind == ConfigNodeKind.Scalar) result.Add(item.ScalarValue!);
            else item.FailShape($"expected a string, found a {Describe(item.Kind)}");
        }
        return result;
    }

    /// <summary>A list of whole numbers.</summary>
    public IReadOnlyList<long>? IntegerList(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var node = Sequence(key, false);
        if (node is null) return null;
        var result = new List<long>();
        foreach (var item in node.Items)
        {
            if (item.Kind == ConfigNodeKind.Scalar && !item.IsQuoted && YamlInteger.TryParse(item.ScalarValue, out long v) && v >= min && v <= max)
                result.Add(v);
            else
                item.Fail($"expected a whole number between {min} and {max}, found {Quote(item)}");
        }
        return result;
    }

    /// <summary>
    /// A map of string values, in file order. Unquoted numbers and booleans are accepted as their text,
    /// unless <paramref name="integersOnly"/> is true, in which case only strings and whole numbers are.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? StringMap(string key, bool integersOnly = false)
    {
        var node = Mapping(key, false);
        if (node is null) return null;
        node.MarkOpaque();
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in node._entries!)
        {
            if (v.Kind != ConfigNodeKind.Scalar)
            {
                v.FailShape($"expected a string value, found a {Describe(v.Kind)}");
                continue;
            }
            if (integersOnly && !v.IsQuoted && !YamlInteger.TryParse(v.ScalarValue, out BigInteger _)
                && (IsBoolText(v.ScalarValue!) || double.TryParse(v.ScalarValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                v.Fail($"expected a string or whole number, found {Quote(v)} (quote it to send it as text)");
                continue;
            }
            result.Add(new(k, integersOnly && !v.IsQuoted ? YamlInteger.Canonical(v.ScalarValue!) : v.ScalarValue!));
        }
        return result;
    }

    /// <summary>A mapping child; records an error when present with another shape.</summary>
    public ConfigNode? Mapping(string key, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind != ConfigNodeKind.Mapping)
        {
            node.FailShape($"expected a map of keys, found a {Describe(node.Kind)}");
            return null;
        }
        return node;
    }

    /// <summary>A sequence child; records an error when present with another shape.</summary>
    public ConfigNode? Sequence(string key, bool required = false)
    {
        var node = Child(key);
        if (node is null)
        {
            if (required) Fail(key, "required");
            return null;
        }
        if (node.Kind != ConfigNodeKind.Sequence)
        {
            node.FailShape($"expected a list, found a {Describe(node.Kind)}");
            return null;
        }
        return node;
    }

    // What is inside a block of the wrong shape was never meant for a reader here: each of its keys
    // reported as unknown would bury the one real problem.
    private void FailShape(string message)
    {
        MarkOpaque();
        Fail(message);
    }

    // A whole number past what a long holds (18446744073709551615, a u64 upstream takes) is still a
    // whole number: calling it anything else sends the operator looking for a typo.
    private static int? OutOfLongRange(ConfigNode node) =>
        node.Kind == ConfigNodeKind.Scalar && !node.IsQuoted && YamlInteger.TryParse(node.ScalarValue, out BigInteger big)
            ? big.Sign : null;

    private static bool TryNumber(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return double.IsFinite(value);
        if (!YamlInteger.TryParse(text, out BigInteger whole)) return false;
        value = (double)whole;
        return double.IsFinite(value);
    }

    private static string TooFar(int sign, long min, long max, string text) =>
        (min, max) switch
        {
            (long.MinValue, long.MaxValue) => sign > 0
                ? $"is too large: the largest whole number allowed is {long.MaxValue}, found {text}"
                : $"is too small: the smallest whole number allowed is {long.MinValue}, found {text}",
            (_, long.MaxValue) when sign > 0 => $"is too large: the largest whole number allowed is {long.MaxValue}, found {text}",
            (_, long.MaxValue) => $"must be at least {min}, found {text}",
            _ => $"must be between {min} and {max}, found {text}",
        };

    private static bool IsBoolText(string s) =>
        s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string Quote(ConfigNode node) =>
        node.Kind == ConfigNodeKind.Scalar ? $"'{node.ScalarValue}'" : $"a {Describe(node.Kind)}";

    private static string Describe(ConfigNodeKind kind) => kind switch
    {
        ConfigNodeKind.Mapping => "map",
        ConfigNodeKind.Sequence => "list",
        ConfigNodeKind.Null => "null",
        _ => "value",
    };
}
