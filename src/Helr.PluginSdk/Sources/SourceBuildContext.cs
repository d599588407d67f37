namespace Helr.PluginSdk.Sources;

/// <summary>What a source type may use while it builds a source from configuration.</summary>
/// <param name="SourceId">The key of the source under <c>sources:</c>.</param>
/// <param name="Environment">Reads environment variables and secret files.</param>
/// <param name="ConfigDirectory">Folder of the configuration file; relative paths resolve against it.</param>
public sealed record SourceBuildContext(string SourceId, IHostEnvironment Environment, string ConfigDirectory);
