using System.Text;
using Helr.Kernel.Output;
using Helr.PluginSdk.Sources;
using Serilog.Core;
using Serilog.Events;

namespace Helr.PluginSdk.Testing;

/// <summary>The source type under test, presented to the kernel as a loaded plugin.</summary>
internal sealed class HarnessPlugin(ISourceType type) : IHelrPlugin
{
    public PluginInfo Info { get; } = new() { Name = type.Name, Version = "0.0.0", Description = "source type under test" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new[] { type };
}

/// <summary>The output: whole lines kept in memory.</summary>
internal sealed class CollectingSink : ILineSink
{
    private readonly List<string> _lines = new();

    public string Description => "memory";

    public int Count { get { lock (_lines) return _lines.Count; } }

    public IReadOnlyList<string> Since(int start) { lock (_lines) return _lines.Skip(start).ToList(); }

    public void Write(ReadOnlySpan<byte> lines)
    {
        var text = Encoding.UTF8.GetString(lines);
        lock (_lines) _lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public void Flush() { }

    // Memory has nothing to sync; the kernel still calls this before each checkpoint.
    public void Sync() { }

    public void Dispose() { }
}

/// <summary>The kernel's and the plugin's log entries, rendered.</summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly List<string> _entries = new();

    public int Count { get { lock (_entries) return _entries.Count; } }

    public IReadOnlyList<string> Since(int start) { lock (_entries) return _entries.Skip(start).ToList(); }

    public void Emit(LogEvent logEvent)
    {
        var text = $"{logEvent.Level.ToString().ToUpperInvariant()} {logEvent.RenderMessage()}";
        lock (_entries) _entries.Add(text);
    }
}
