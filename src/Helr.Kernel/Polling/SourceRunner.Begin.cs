using Helr.Kernel.Observability;
using Helr.Kernel.State;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Polling;

internal sealed partial class SourceRunner
{
    /// <summary>The plugin's cycle, told the source's restored state and the sender its pages go through.</summary>
    private IPollCycle BeginCycle(IReadOnlyDictionary<string, string> state, CancellationToken ct) =>
        _source.Source.BeginCycle(new CycleContext
        {
            SourceId = _source.Id, State = new SourceStateView(_state.Begin(state)), Sender = _http, Time = _time, Log = new PluginLogger(_log, _http.Secrets, _time),
            EventIdPath = _source.Settings.DedupeIdPath ?? _source.Settings.IdField, Cancellation = ct,
        }) ?? throw PluginStepCheck.Fault(_source, "BeginCycle returned null");
}
