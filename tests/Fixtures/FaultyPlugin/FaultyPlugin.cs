using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace FaultyPlugin;

public sealed class FaultyPlugin : IHelrPlugin
{
    // One build serves both the constructor case and the others: the folder it is installed in decides.
    public FaultyPlugin()
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(typeof(FaultyPlugin).Assembly.Location));
        if (folder == "throws-in-ctor") throw new InvalidOperationException("faulty plugin refuses to start");
    }

    public PluginInfo Info { get; } = new() { Name = "faulty", Version = "6.6.6", Description = "throws on purpose" };

    public IReadOnlyList<ISourceType> SourceTypes { get; } = new ISourceType[] { new FaultySourceType("faulty-create"), new FaultySourceType("faulty-cycle") };
}
