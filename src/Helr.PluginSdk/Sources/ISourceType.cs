using Helr.PluginSdk.Config;

namespace Helr.PluginSdk.Sources;

/// <summary>A kind of source a plugin provides, chosen by a source's <c>type:</c> key.</summary>
public interface ISourceType
{
    /// <summary>The value of <c>type:</c> that selects this source type (lowercase, e.g. <c>generic</c>).</summary>
    string Name { get; }

    /// <summary>One line describing what this source type collects.</summary>
    string Description { get; }

    /// <summary>
    /// Reads the keys this source type owns from <paramref name="config"/> (the source's whole
    /// section), laying them over the type's defaults, and builds the source. Every problem is
    /// recorded on <c>config.Errors</c> with its key path; return null when the source is unusable.
    /// Keys the kernel owns (schedule, resilience, dedupe, transform, output limits) are read by the
    /// kernel from the same node and need not be touched here.
    /// </summary>
    ISource? Create(ConfigNode config, SourceBuildContext context);

    /// <summary>
    /// The keys this source type reads, with their types and defaults, for <c>helr plugins inspect</c>.
    /// Added after 1.0 with an empty default, so source types built before it still load.
    /// </summary>
    IReadOnlyList<ConfigKeyInfo> ConfigKeys => Array.Empty<ConfigKeyInfo>();
}
