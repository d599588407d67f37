using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>A source without pagination: one request per cycle.</summary>
public sealed class SinglePageCycle : DeclarativeCycle
{
    /// <summary>Builds the one request.</summary>
    public SinglePageCycle(DeclarativeOptions options, CycleContext context) : base(options, context) =>
        First = Request(FirstRequestUrl());

    /// <inheritdoc />
    public override PageRequest? First { get; }

    /// <inheritdoc />
    protected override PageStep Next(PageResponse response, EventBatch events) => PageStep.Stop();
}
