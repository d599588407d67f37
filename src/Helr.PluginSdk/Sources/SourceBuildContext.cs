namespace Helr.PluginSdk.Sources;

/// <summary>What a source type may use while it builds a source from configuration.</summary>
/// <param name="SourceId">The key of the source under <c>sources:</c>.</param>
/// <param name="Environment">Reads environment variables and secret files.</param>
/// <param name="ConfigDirectory">Folder of the configuration file, for a plugin whose own files belong beside it.
/// Helr's <c>*_file</c> keys resolve relative paths against the working directory, as upstream Helr does.</param>
public sealed record SourceBuildContext(string SourceId, IHostEnvironment Environment, string ConfigDirectory);
