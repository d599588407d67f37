using Helr.PluginSdk.Sources;
using Serilog;
using Serilog.Events;

namespace Helr.Kernel.Observability;

/// <summary>
/// A plugin's log: its message template and values go to Serilog as they are, so each value is a
/// field of the entry in JSON logs; <paramref name="log"/> already carries the source id.
/// </summary>
internal sealed class PluginLogger(ILogger log) : IPluginLogger
{
    public void Write(PluginLogLevel level, string messageTemplate, params object?[] values) =>
        log.Write(level switch
        {
            PluginLogLevel.Debug => LogEventLevel.Debug,
            PluginLogLevel.Warning => LogEventLevel.Warning,
            _ => LogEventLevel.Information,
        }, messageTemplate, values);
}
