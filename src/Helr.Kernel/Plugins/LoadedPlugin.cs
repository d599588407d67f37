using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>One plugin folder and what came of loading it.</summary>
internal sealed record LoadedPlugin(string Folder, string? AssemblyPath)
{
    public IHelrPlugin? Plugin { get; init; }
    public Version? SdkVersion { get; init; }
    public string? Error { get; init; }
    /// <summary>When the loaded entry assembly was written: a reload tells a folder replaced since.</summary>
    public DateTime AssemblyWrittenAt { get; init; }
    /// <summary>The folder's files as they were when it failed to load (null once loaded): a reload tries it again only once they change.</summary>
    public string? FolderState { get; init; }
    public IReadOnlyList<ISourceType> SourceTypes => Plugin?.SourceTypes ?? Array.Empty<ISourceType>();
    public string Name => Plugin?.Info.Name ?? System.IO.Path.GetFileName(Folder);
}
