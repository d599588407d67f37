using System.Text.Json;
using Helr.Kernel.Observability;
using Helr.Kernel.Polling;
using Helr.PluginSdk.Sources;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>A plugin's template values become fields of the JSON log entry, beside the source id the kernel attaches.</summary>
public sealed class PluginLoggerTests
{
    private sealed class Collect : ILogEventSink
    {
        public List<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    [Fact]
    public void Template_values_and_the_source_id_are_fields_of_the_json_entry()
    {
        var sink = new Collect();
        using var root = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        // As SourceRunner builds it: the source's logger carries source_id, the plugin logs through it.
        IPluginLogger plugin = new PluginLogger(root.ForContext("source_id", "okta-prod"));

        plugin.Warn("skipped {Count} events of type {EventType}", 3, "user.session.start");
        plugin.Debug("next cursor {Cursor}", "c2");

        var output = new StringWriter();
        new JsonLogFormatter().Format(sink.Events[0], output);
        var line = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("Warning", line.GetProperty("@l").GetString());
        Assert.Equal("skipped 3 events of type user.session.start", line.GetProperty("@m").GetString());
        Assert.Equal(3, line.GetProperty("Count").GetInt32());
        Assert.Equal("user.session.start", line.GetProperty("EventType").GetString());
        Assert.Equal("okta-prod", line.GetProperty("source_id").GetString());
        Assert.Equal(LogEventLevel.Debug, sink.Events[1].Level);
    }
}
