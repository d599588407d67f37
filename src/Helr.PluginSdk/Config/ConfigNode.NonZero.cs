namespace Helr.PluginSdk.Config;

public sealed partial class ConfigNode
{
    /// <summary>
    /// A whole number of at least 1 where a 0 needs its own explanation: upstream configs may hold a 0
    /// that reads as "unlimited" or "off" but is neither, and "must be at least 1" alone does not tell
    /// the user what upstream did with it or what to write instead.
    /// </summary>
    internal long? AtLeastOne(string key, string whyNotZero, long max = long.MaxValue)
    {
        var value = Integer(key);
        if (value is null || (value >= 1 && value <= max)) return value;
        if (value > max) Fail(key, $"must be between 1 and {max}, found {value}");
        else Fail(key, value == 0 ? $"must be at least 1, found 0: {whyNotZero}" : $"must be at least 1, found {value}");
        return null;
    }

    /// <summary>
    /// A whole number of at least 1 that upstream clamps there (a 0 acts as 1): its configs load
    /// unchanged, with a warning saying what the 0 does (<paramref name="effect"/>), since it is rarely what was meant.
    /// </summary>
    internal long? ZeroActsAsOne(string key, string effect, long max = long.MaxValue)
    {
        var value = Integer(key, min: 0, max: max);
        if (value is not 0) return value;
        Errors.Warn(ChildPath(key), $"0 acts as 1, as upstream: {effect}");
        return 1;
    }
}
