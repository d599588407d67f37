using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Serilog;

namespace Helr.Kernel.Cli;

/// <summary>
/// The operations surface of a run: the API server (<c>global.api</c>) and reloading on SIGHUP or
/// <c>POST /api/v1/reload</c> (<see cref="ReloadSignal"/>, which the run holds from its start). Reload only
/// exists for continuous runs; in <c>--once</c> mode SIGHUP keeps its default action, as upstream.
/// </summary>
internal sealed class RunOperations : IAsyncDisposable
{
    private ApiServer? _server;
    private ReloadSignal? _sighup;

    public ConfigReloader? Reloader { get; private init; }

    public static async Task<RunOperations> StartAsync(RunRequest request, bool continuous, SourceScheduler scheduler, SourceStatusBoard board,
        StateRuntime state, OutputWriter output, Func<BuiltSource, GlobalConfig, SourceRunner> newRunner, ILogger log,
        Observability.Telemetry.Telemetry telemetry)
    {
        var snapshot = ConfigSnapshot.Of(request.Config);
        var reloader = continuous && request.Registry is not null
            ? new ConfigReloader(snapshot, request.Built, request.Registry, request.Sources, scheduler, newRunner, board, log, telemetry, request.Audit, request.ConfigEnvironment)
            : null;
        var ops = new RunOperations { Reloader = reloader };
        if (reloader is not null && request.ReloadSignal is { } sighup)
        {
            sighup.Attach(reloader, log);
            ops._sighup = sighup;
            if (IgnoredSignals.IsIgnored(1))
                log.Warning("SIGHUP is ignored by this process (started under nohup?), so it will not reload the config: use POST /api/v1/reload, or start helr without nohup");
        }
        var api = request.Config.Global.Api;
        // Neither helr test nor a replay: they run beside the live instance serving that port.
        if (api.Enabled && !request.Offline)
        {
            ops._server = await ApiServer.StartAsync(api, new ApiContext
            {
                Board = board, Scheduler = scheduler, Store = state.Store, Output = output, OutputPath = request.OutputPath,
                Config = () => reloader?.Current ?? snapshot, Sources = () => reloader?.Running ?? request.Built, Reloader = reloader,
                StateStoreFallbackActive = () => state.FallbackActive, Time = board.Time, StartedAt = board.Time.GetTimestamp(),
            }, log);
        }
        return ops;
    }

    public async ValueTask DisposeAsync()
    {
        // Not disposed: the run's owner does that when the process is done, so a SIGHUP from here on is
        // ignored rather than ending the process mid-shutdown.
        _sighup?.Detach();
        if (_server is not null) await _server.DisposeAsync();
        // Last: a SIGHUP already received, or a REST reload the server stopped waiting for, may still be
        // building runners; RunPipeline disposes the output and state store they use once this returns.
        if (Reloader is not null) await Reloader.CloseAsync();
    }
}
