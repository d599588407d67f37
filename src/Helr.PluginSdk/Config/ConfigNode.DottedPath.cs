namespace Helr.PluginSdk.Config;

public sealed partial class ConfigNode
{
    /// <summary>
    /// A dotted path into an event or a response (<c>actor.id</c>). One with an empty key (<c>.uuid</c>
    /// as jq writes it, <c>a..b</c>, a trailing dot) or JSONPath's <c>$.</c> is refused: it names no
    /// field an API sends, so it never matches and, as in upstream, nothing says so: dedupe keeps
    /// nothing out, a cursor is never found and paging stops after the first page, a watermark never moves.
    /// </summary>
    internal string? DottedPathString(string key, bool required = false)
    {
        var value = String(key, required);
        if (string.IsNullOrEmpty(value)) return value;
        var keys = value.Split('.');
        var named = string.Join('.', keys.Where(k => k.Length > 0));
        if (named.Length == 0)
            Fail(key, $"'{value}' names no field; write the field's dotted path (e.g. id or actor.id)");
        else if (keys[0] == "$" && keys.Length > 1)
            Fail(key, $"'{value}' is JSONPath; a dotted path names the keys alone: {string.Join('.', keys.Skip(1).Where(k => k.Length > 0))}");
        else if (value.StartsWith('.'))
            Fail(key, $"'{value}' starts with a dot, as jq writes a path; a dotted path names the keys alone: {named}");
        else if (keys.Any(k => k.Length == 0))
            Fail(key, $"'{value}' holds an empty key (two dots in a row, or one at the end), which no field is named, so it would never match; write {named}");
        return value;
    }
}
