using Serilog.Core;
using Serilog.Events;

namespace Helr.Kernel.Observability;

/// <summary>
/// Gives every line about one source its <c>source_id</c> field. A plugin's entries and the kernel's
/// facts carry it (docs/plugins.md), but the kernel's own cycle lines (<c>poll ok</c>, <c>poll failed</c>)
/// named the source only in their <c>SourceId</c>, so a log query on <c>source_id</c> missed exactly
/// the lines that say whether a source works.
/// </summary>
internal sealed class SourceIdEnricher : ILogEventEnricher
{
    public const string Name = "source_id";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue("SourceId", out var id)) logEvent.AddPropertyIfAbsent(new LogEventProperty(Name, id));
    }
}
