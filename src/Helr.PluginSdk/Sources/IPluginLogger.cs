namespace Helr.PluginSdk.Sources;

/// <summary>
/// The host's log, as seen by a plugin. Messages are templates with named holes filled from the
/// values in order (<c>"skipped {Count} events of type {EventType}"</c>), so each value becomes a
/// field of the entry in JSON logs. The kernel attaches the source id. Never pass secrets to it.
/// </summary>
public interface IPluginLogger
{
    /// <summary>Writes one entry at <paramref name="level"/>.</summary>
    /// <param name="level">How important the entry is.</param>
    /// <param name="messageTemplate">Constant text with <c>{Name}</c> holes; never built from values.</param>
    /// <param name="values">One value per hole, in order.</param>
    void Write(PluginLogLevel level, string messageTemplate, params object?[] values);
}
