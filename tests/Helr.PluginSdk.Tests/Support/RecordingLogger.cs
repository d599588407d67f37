using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>Keeps every entry a plugin logs: its template, its values, and the text with values filled in.</summary>
internal sealed class RecordingLogger : IPluginLogger
{
    public List<string> Warnings { get; } = new();

    public List<string> Lines { get; } = new();

    public List<(PluginLogLevel Level, string Template, object?[] Values)> Entries { get; } = new();

    public void Write(PluginLogLevel level, string messageTemplate, params object?[] values)
    {
        Entries.Add((level, messageTemplate, values));
        var i = 0;
        var text = System.Text.RegularExpressions.Regex.Replace(messageTemplate, @"\{[^}]+\}", _ => i < values.Length ? values[i++]?.ToString() ?? "null" : "?");
        Lines.Add(text);
        if (level == PluginLogLevel.Warning) Warnings.Add(text);
    }
}
