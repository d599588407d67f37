namespace Helr.Kernel.Cli;

internal sealed record PluginRow(string Name, string? Version, string? SdkVersion, string[] SourceTypes, string Path, string? Error, string[]? Sources = null);
