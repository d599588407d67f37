using Serilog.Core;
using Serilog.Events;

namespace Helr.Kernel.Tests.Support;

/// <summary>A Serilog sink that keeps each rendered message, for a test to read what was logged (sources log from their own threads).</summary>
internal sealed class LogLines : ILogEventSink
{
    private readonly List<(LogEventLevel Level, string Message)> _lines = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_lines) _lines.Add((logEvent.Level, logEvent.RenderMessage()));
    }

    /// <summary>The messages, one per line.</summary>
    public string Text
    {
        get { lock (_lines) return string.Join("\n", _lines.Select(l => l.Message)); }
    }

    /// <summary>The messages, each after its level (<c>Error: …</c>).</summary>
    public string WithLevels
    {
        get { lock (_lines) return string.Join("\n", _lines.Select(l => $"{l.Level}: {l.Message}")); }
    }
}
