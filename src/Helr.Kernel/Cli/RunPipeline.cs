using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability;
using Helr.Kernel.Observability.Progress;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Serilog;

namespace Helr.Kernel.Cli;

internal static class RunPipeline
{
    public static async Task<int> ExecuteAsync(RunRequest request)
    {
        using var sighup = request.ReloadSignal; // last out: SIGHUP stays ignored until the run has ended
        var config = request.Config;
        using var sigusr1 = request.DumpSignal ?? SignalDump.For(config.Global.DumpOnSigusr1); // likewise SIGUSR1
        // Before the logger: on a terminal, log lines then scroll above the progress block.
        using var progress = ProgressConsole.Start(request.Once || request.TestMode, request.Quiet, Output.OutputFactory.WritesToTerminal(request.OutputPath),
            request.Sources.Count > 0 ? request.Sources : config.Sources.Select(s => s.Id).ToList(), TimeProvider.System);
        await using var log = Logging.Create(config.Global.LogLevel, config.Global.LogFormat, request.Verbose, request.Quiet,
            config.Global.SourceLabelKey, config.Global.SourceLabelValue);
        foreach (var warning in config.Warnings) log.Warning("config: {Warning}", warning);
        if (request.Registry?.Catalog is { } catalog)
            log.Debug("plugins loaded: {Plugins} ({Loaded} of {Folders} folders in {Directory}; only the folders of configured source types load)",
                string.Join(", ", catalog.Plugins.Select(p => p.Name)), catalog.Plugins.Count, catalog.FolderCount, catalog.Directory);
        // The registry, and prometheus-net with it, only when something records or serves the series.
        var telemetry = new Telemetry(log, static () =>
            {
                MetricsSetup.Apply();
                return new HelrMetrics(Prometheus.Metrics.NewCustomRegistry(), TimeProvider.System);
            })
            { Recording = config.Global.Metrics.Enabled || config.Global.DumpOnSigusr1 is not null };
        using var progressFeed = progress is null ? null : telemetry.Subscribe(progress.Board);
        request.Audit?.Attach(telemetry);
        MetricsEndpoint? metrics = null;
        // A replay reproduces a recording, often with the live instance's config beside it: it writes none of its state.
        var replay = request.Tap?.Replaying == true;
        // helr test serves nothing: it runs beside the helr that serves the config's ports (as upstream's test). Nor
        // does a replay: it failed at start there, the ports taken.
        if (replay && (config.Global.Metrics.Enabled || config.Global.Api.Enabled))
            log.Information("replay: global.api and global.metrics are not served (the live instance serves them)");
        if (config.Global.Metrics.Enabled && !request.Offline)
        {
            try
            {
                metrics = await MetricsEndpoint.StartAsync(config.Global.Metrics, telemetry);
                log.Information("metrics on {Url}", metrics.Url);
            }
            catch (InvalidOperationException ex)
            {
                log.Error("{Error}", ex.Message);
                return 1;
            }
        }
        await using var metricsServer = metrics;
        var selected = Select(config, request.Built, request.Sources, log);
        if (selected is null) return 1;

        using var cts = new CancellationTokenSource();
        using var signals = new ShutdownSignal(cts, log);
        StateRuntime state;
        try
        {
            state = await StateRuntime.OpenAsync(config.Global, request.TestMode, selected.Count, TimeProvider.System, log, telemetry, once: request.Once, replay: replay, ct: cts.Token);
        }
        catch (Exception ex) when (cts.IsCancellationRequested && ex is OperationCanceledException or StateStoreUnavailableException)
        {
            // Stopped while the store had not answered: nothing was polled, written or checkpointed, so a clean stop.
            log.Information("stopped before the state store answered; nothing was collected");
            log.Information("graceful shutdown complete");
            return 0;
        }
        catch (Exception ex) when (ex is StateLockedException or StateStoreUnavailableException or InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            log.Error("cannot open state store: {Error}", ex.Message);
            return 1;
        }
        await using (state)
        {
            var store = state.Store;
            // A key a url takes in its path, stored in a next link by an older version, is dumped as its reference
            // (the urls as the run started; read only when dump_on_sigusr1 is on: each url parsed at every start
            // otherwise). Detached before the store closes.
            using var dumping = sigusr1?.Attach(store, telemetry, log, UrlSecretsOf(selected));
            OutputWriter output;
            try
            {
                output = OutputFactory.Open(request.OutputPath, request.OutputRotate, config.Global, request.Offline, TimeProvider.System, log, telemetry);
            }
            catch (InvalidOperationException ex)
            {
                log.Error("{Error}", ex.Message);
                return 1;
            }
            await using (output)
            {
                SourceRunner NewRunner(BuiltSource source, GlobalConfig global) =>
                    SourceComposition.Build(source, global, store, output, TimeProvider.System, log, telemetry, request.Tap);
                var once = request.Once || request.TestMode;
                // A one-cycle run starts each source as soon as it is built (RunOnceAsync), so the first
                // requests go out while the rest are still being put together.
                var runners = new List<SourceRunner>(selected.Count);
                var startFailed = false;
                // A plugin's getter throwing as its source is put together is that plugin's bug: named, never a crash.
                SourceRunner? Built(BuiltSource source)
                {
                    try
                    {
                        var runner = NewRunner(source, config.Global);
                        runners.Add(runner);
                        return runner;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        startFailed = true;
                        log.Error("{Error}", SourceStartFault.Describe(source, ex));
                        return null;
                    }
                }
                // A continuous run starts only whole: nothing is polled, served or locked in for months without that source.
                // A one-cycle run collects the other sources (as when one fails its cycle) and exits 1.
                if (!once && selected.Any(source => Built(source) is null))
                {
                    foreach (var runner in runners) runner.Dispose();
                    return 1;
                }
                var board = new Observability.Status.SourceStatusBoard(TimeProvider.System);
                SourceScheduler? scheduler = null;
                try
                {
                    log.Information("helr {Version}: {Count} source(s), state {State}, output {Output} ({Limits}){Mode}",
                        Http.HelrUserAgent.Version, selected.Count, store.Description, output.Description, output.Limits.Describe(), once ? ", one cycle" : "");
                    if (request.Tap is not null) log.Information("{Tap}", request.Tap.Description);
                    // A one-cycle run hands its runners over as they are built (RunOnceAsync); the list is
                    // still growing then, so the scheduler is not given it.
                    scheduler = new SourceScheduler(once ? [] : runners, TimeProvider.System, log, LoadShedder.Create(config.Global, output, log), config.Global.Bulkhead.MaxConcurrentSources,
                        state.Gate, () => state.IntervalScale, board, output.Failed);
                    RunOperations operations;
                    try
                    {
                        operations = await RunOperations.StartAsync(request with { Config = config with { Sources = selected.Select(s => s.Config).ToList() }, Built = selected }, !once, scheduler, board, state, output, NewRunner, log, telemetry);
                    }
                    catch (InvalidOperationException ex)
                    {
                        log.Error("{Error}", ex.Message);
                        return 1;
                    }
                    await using var _ = operations;
                    var code = once ? await scheduler.RunOnceAsync(cts.Token, selected.Select(Built).OfType<SourceRunner>()) : await scheduler.RunForeverAsync(cts.Token);
                    // A finished run writes out the disk buffer; a stopped one leaves it for the next start.
                    await output.CompleteAsync(drainDisk: once && !cts.IsCancellationRequested);
                    progress?.Finish();
                    if (cts.IsCancellationRequested) log.Information("graceful shutdown complete");
                    return output.Failure is not null || startFailed ? 1 : code;
                }
                finally
                {
                    foreach (var runner in runners.Concat(scheduler?.Running ?? []).Distinct()) runner.Dispose();
                }
            }
        }
    }

    private static Func<string, UrlSecretParameters> UrlSecretsOf(BuiltSources selected)
    {
        var urls = selected.ToDictionary(s => s.Id, s => UrlSecretParameters.Of(s.Config.Block), StringComparer.Ordinal);
        return id => urls.GetValueOrDefault(id, UrlSecretParameters.None);
    }

    private static BuiltSources? Select(HelrConfig config, BuiltSources built, IReadOnlyList<string> wanted, ILogger log)
    {
        if (config.Sources.Count == 0)
        {
            log.Error("no source is configured in {Path}: nothing to collect (sources: is empty)", config.Path);
            return null;
        }
        if (wanted.Count == 0) return built;
        var missing = wanted.Where(w => config.Sources.All(s => s.Id != w)).ToList();
        if (missing.Count > 0)
        {
            log.Error("source {Missing} not found in config (sources: {Known})",
                string.Join(", ", missing.Select(m => $"\"{m}\"")), string.Join(", ", config.Sources.Select(s => s.Id)));
            return null;
        }
        return built.Only(wanted);
    }
}
