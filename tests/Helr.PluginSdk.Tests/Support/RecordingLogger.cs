using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>Keeps every line a plugin logs.</summary>
internal sealed class RecordingLogger : IPluginLogger
{
    public List<string> Warnings { get; } = new();

    public List<string> Lines { get; } = new();

    public void Info(string message) => Lines.Add(message);

    public void Warn(string message)
    {
        Warnings.Add(message);
        Lines.Add(message);
    }

    public void Debug(string message) => Lines.Add(message);
}
