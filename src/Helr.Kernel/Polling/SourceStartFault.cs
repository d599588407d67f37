using Helr.Kernel.Config;
using Helr.Kernel.Plugins;

namespace Helr.Kernel.Polling;

/// <summary>
/// Names a source whose plugin's code threw while helr put it together to run (a getter of its
/// <c>ISource</c> read again then): the same words at start and on a reload, without a stack trace.
/// </summary>
internal static class SourceStartFault
{
    /// <summary><c>sources.&lt;id&gt;: cannot be started (plugin '…'): &lt;type&gt;: &lt;message&gt;</c>, the source's credentials cut out.</summary>
    public static string Describe(BuiltSource source, Exception error) =>
        // A plugin's message may quote the credential it read; this goes to the log and a REST reload's answer.
        new Text.SecretScrubber(ConfiguredCredentials.Of(source.Config.Block, HostEnvironment.Instance))
            .Scrub($"sources.{source.Id}: cannot be started (plugin '{source.PluginName}'): {PluginFault.Describe(error)}");
}
