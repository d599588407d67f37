using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;

namespace Helr.Kernel.Cli;

/// <summary>What <c>run</c>, <c>test</c> and <c>demo</c> share: state, output, runners, signals.</summary>
internal sealed record RunRequest
{
    public required HelrConfig Config { get; init; }

    /// <summary>The sources of <see cref="Config"/>, built while it was validated.</summary>
    public required Plugins.BuiltSources Built { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();
    public bool Once { get; init; }
    public bool TestMode { get; init; }
    public string? OutputPath { get; init; }
    public string? OutputRotate { get; init; }
    public bool Verbose { get; init; }
    public bool Quiet { get; init; }

    /// <summary>Records or replays the sources' HTTP responses (<c>--record-dir</c>, <c>--replay-dir</c>); null: the network as is.</summary>
    public Replay.HttpTap? Tap { get; init; }

    /// <summary>
    /// <c>helr test</c> or a replay (<c>run --replay-dir</c>): both run beside the live instance, on its
    /// config, so they serve none of its ports (<c>global.api</c>, <c>global.metrics</c>) and open none of its
    /// state (the disk buffer included; the state store is overlaid by <see cref="State.StateRuntime"/>).
    /// </summary>
    public bool Offline => TestMode || Tap?.Replaying == true;

    /// <summary>The audit events of loading <see cref="Config"/>, reported once logging is up.</summary>
    public AuditTrail? Audit { get; init; }

    /// <summary>SIGHUP, held since the command started (null: no reload on SIGHUP); disposed by the run.</summary>
    public ReloadSignal? ReloadSignal { get; init; }

    /// <summary>SIGUSR1 (<c>dump_on_sigusr1</c>), held since the config was loaded; disposed by the run. Null: the run registers its own, if configured.</summary>
    public Api.SignalDump? DumpSignal { get; init; }

    /// <summary>
    /// The environment a reload loads the config file with, made for the file as it is then (null: the
    /// process's). A replay's stands in for the secrets the recording was made with, as at start.
    /// </summary>
    public Func<string, PluginSdk.Sources.IHelrEnvironment>? ConfigEnvironment { get; init; }

    /// <summary>The plugins the config was loaded with; reload needs them (null: no reload).</summary>
    public Plugins.SourceTypeRegistry? Registry { get; init; }
}
