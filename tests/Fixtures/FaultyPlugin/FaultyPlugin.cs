using Helr.PluginSdk;
using Helr.PluginSdk.Sources;

namespace FaultyPlugin;

public sealed class FaultyPlugin : IHelrPlugin
{
    // One build serves every case: the folder it is installed in decides.
    private readonly string? _folder = Path.GetFileName(Path.GetDirectoryName(typeof(FaultyPlugin).Assembly.Location));

    public FaultyPlugin()
    {
        if (_folder == "throws-in-ctor") throw new InvalidOperationException("faulty plugin refuses to start");
        if (_folder == "throws-unreadable") throw new UnreadableException();
    }

    public PluginInfo Info { get; } = new() { Name = "faulty", Version = "6.6.6", Description = "throws on purpose" };

    public IReadOnlyList<ISourceType> SourceTypes => _folder switch
    {
        "throws-in-types" => throw new TypeInitializationException("FaultyPlugin.Types", new InvalidOperationException("faulty types")),
        "nameless-type" => new ISourceType[] { new FaultySourceType(null!) },
        "throws-in-keys" => new ISourceType[] { new FaultySourceType("faulty-create") { KeysThrow = true } },
        _ => new ISourceType[] { new FaultySourceType("faulty-create"), new FaultySourceType("faulty-unreadable"), new FaultySourceType("faulty-cycle"), new StartFaultySourceType(), new LeakySourceType() },
    };
}

/// <summary>An exception whose message cannot be read: its type builds it from a field it never set.</summary>
public sealed class UnreadableException : Exception
{
    private readonly string? _detail;

    public override string Message => _detail!.ToUpperInvariant();
}
