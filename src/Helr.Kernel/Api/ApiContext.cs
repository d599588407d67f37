using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;

namespace Helr.Kernel.Api;

/// <summary>What the API server reads and drives: the running parts of one <c>helr run</c>.</summary>
internal sealed record ApiContext
{
    public required SourceStatusBoard Board { get; init; }
    public required SourceScheduler Scheduler { get; init; }
    public required IStateStore Store { get; init; }
    public required OutputWriter Output { get; init; }

    /// <summary>The <c>--output</c> file, or null for stdout.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The running config (it changes with each successful reload).</summary>
    public required Func<ConfigSnapshot> Config { get; init; }

    /// <summary>The running sources, built from <see cref="Config"/> (which plugin serves each).</summary>
    public required Func<BuiltSources> Sources { get; init; }

    /// <summary>Null in <c>--once</c> mode: nothing to reload into.</summary>
    public ConfigReloader? Reloader { get; init; }

    public required Func<bool> StateStoreFallbackActive { get; init; }
    public required TimeProvider Time { get; init; }

    /// <summary><see cref="Time"/>'s <see cref="TimeProvider.GetTimestamp"/> when the server started.</summary>
    public required long StartedAt { get; init; }

    // The monotonic clock: a wall clock NTP steps made uptime jump, or go negative after a step back.
    public double UptimeSecs => Math.Round(Time.GetElapsedTime(StartedAt).TotalSeconds, 3);
}
