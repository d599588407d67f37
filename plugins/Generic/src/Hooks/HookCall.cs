using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// What one hook call may use besides its arguments: the source's sender, log and the poll's token,
/// and the credentials to cut out of what it logs and throws.
/// </summary>
internal sealed record HookCall(string SourceId, IHttpSender Sender, IPluginLogger Log, CancellationToken Cancellation, HookSecrets Secrets);
