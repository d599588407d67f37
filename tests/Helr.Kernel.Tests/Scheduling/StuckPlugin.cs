using Helr.PluginSdk;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A plugin (type <c>stuck</c>) whose cycle blocks in a synchronous wait, deaf to its token, until <see cref="Release"/>
/// is set; with <see cref="Only"/>, only that source's cycles do, the others fail at once (counted in <see cref="OthersCalled"/>);
/// with <see cref="Once"/>, only the first cycle blocks, later ones fail at once.
/// </summary>
internal sealed class StuckPlugin : IHelrPlugin, ISourceType, ISource, IDisposable
{
    private int _othersCalled;
    private int _entered;

    public ManualResetEventSlim Release { get; } = new();
    public string? Only { get; init; }
    public bool Once { get; init; }
    public int OthersCalled => Volatile.Read(ref _othersCalled);
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public PluginInfo Info { get; } = new() { Name = "stuck", Version = "1.0.0", Description = "never returns" };
    public IReadOnlyList<ISourceType> SourceTypes => new[] { this };
    public string Name => "stuck";
    public string Description => "";
    public ISource? Create(ConfigNode config, SourceBuildContext context) => this;
    public IAuthenticator? Authenticator => null;
    public IReadOnlyList<Uri> CredentialOrigins => Array.Empty<Uri>();
    public IEventExtractor Extractor { get; } = new JsonEventExtractor();
    public SourceDefaults Defaults => SourceDefaults.None;

    // A synchronous wait on something that never comes, deaf to the cycle's token.
    public IPollCycle BeginCycle(CycleContext context)
    {
        if (Only is not null && context.SourceId != Only)
        {
            Interlocked.Increment(ref _othersCalled);
            throw new InvalidOperationException("not the stuck source");
        }
        if (Interlocked.Increment(ref _entered) > 1 && Once) throw new InvalidOperationException("blocks only once");
        Entered.TrySetResult();
        Release.Wait();
        throw new InvalidOperationException("released");
    }

    /// <summary>Lets a cycle still waiting go (the end of a test).</summary>
    public void Dispose() => Release.Set();
}
