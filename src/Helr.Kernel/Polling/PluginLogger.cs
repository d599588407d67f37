using Helr.PluginSdk.Sources;
using Serilog;

namespace Helr.Kernel.Polling;

internal sealed class PluginLogger(ILogger log) : IPluginLogger
{
    public void Info(string message) => log.Information("{PluginMessage}", message);
    public void Warn(string message) => log.Warning("{PluginMessage}", message);
    public void Debug(string message) => log.Debug("{PluginMessage}", message);
}
