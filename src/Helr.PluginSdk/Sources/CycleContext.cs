using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>What one poll cycle of a source may use.</summary>
/// <param name="SourceId">The source's key under <c>sources:</c>.</param>
/// <param name="State">The source's stored state as it was when the cycle started.</param>
/// <param name="Sender">Sends extra requests (e.g. token fetches) with the source's resilience settings.</param>
/// <param name="Time">The clock.</param>
/// <param name="Log">Where the plugin logs.</param>
public sealed record CycleContext(string SourceId, ISourceState State, IHttpSender Sender, TimeProvider Time, IPluginLogger Log);
