using Helr.Kernel.Config;
using Helr.Kernel.Observability.Status;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.Kernel.Plugins;
using Helr.Kernel.Polling;
using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// SIGHUP and <c>POST /api/v1/reload</c>: reads the config file again and, when it is valid, applies
/// the difference to the running sources (<see cref="ConfigReloadPlan"/>). An invalid file changes
/// nothing: its errors are logged and returned. The state store, output, API server and global
/// limits are not reloaded (they need a restart).
/// </summary>
internal sealed class ConfigReloader(ConfigSnapshot initial, BuiltSources running, SourceTypeRegistry registry, IReadOnlyList<string> selected,
    SourceScheduler scheduler, Func<BuiltSource, GlobalConfig, SourceRunner> newRunner, SourceStatusBoard board, ILogger log,
    Telemetry telemetry, Observability.Telemetry.AuditTrail? audit = null, Func<string, PluginSdk.Sources.IHelrEnvironment>? environment = null)
{
    // Global keys read once at start, compared by value with what the run started with.
    private static readonly (string Key, Func<GlobalConfig, object?> Value)[] NotReloaded =
    {
        ("state", g => g.State), ("output", g => g.Output), ("api", g => g.Api), ("metrics", g => g.Metrics), ("backpressure", g => g.Backpressure),
        ("load_shedding", g => g.LoadShedding), ("log_level", g => g.LogLevel), ("log_format", g => g.LogFormat),
        ("bulkhead.max_concurrent_sources", g => g.Bulkhead.MaxConcurrentSources),
        // The logger's label, the SIGUSR1 handler and the state store's fallback are set up once at start.
        ("source_label_value", g => g.SourceLabelValue), ("dump_on_sigusr1", g => g.DumpOnSigusr1),
        ("degradation.state_store_fallback", g => g.Degradation.FallbackToMemory),
        ("degradation.reduced_frequency_multiplier", g => g.Degradation.ReducedFrequencyMultiplier),
    };
    private readonly SemaphoreSlim _one = new(1, 1);
    // Set under _one by CloseAsync.
    private bool _closed;
    private readonly GlobalConfig _startedWith = initial.Config.Global;
    private readonly ConfigSnapshot _started = initial;
    private volatile ConfigSnapshot _current = initial;
    private volatile BuiltSources _running = running;

    public ConfigSnapshot Current => _current;

    /// <summary>
    /// The running <c>global</c> block as written: the last applied file's, but the keys a reload does not
    /// apply as the run started with them (<c>/api/v1/config</c> shows what runs, not what waits for a restart).
    /// </summary>
    public System.Text.Json.Nodes.JsonObject RunningGlobal() =>
        StartedKeys.Restore(RawConfig.At(_current.Raw, "global"), RawConfig.At(_started.Raw, "global"), NotReloaded.Select(k => k.Key));

    /// <summary>The sources the scheduler runs, as of the last reload.</summary>
    public BuiltSources Running => _running;

    public async Task<ReloadResult> ReloadAsync(string trigger)
    {
        await _one.WaitAsync();
        try
        {
            if (_closed || scheduler.Ended) return ShuttingDown(trigger);
            // Before the scheduler's run has started its loops, a reload would start a source that the run then starts again.
            if (!scheduler.Continuous) return Refused(trigger, ReloadResult.StartingError);
            return await ReloadCoreAsync(trigger);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>
    /// Shutdown, before the output and state store are disposed: waits for a reload under way (a SIGHUP's
    /// is not awaited by anyone else), so every runner it built is running or disposed by then, and
    /// refuses the reloads after it.
    /// </summary>
    public async Task CloseAsync()
    {
        await _one.WaitAsync();
        _closed = true;
        _one.Release();
    }

    private ReloadResult ShuttingDown(string trigger) => Refused(trigger, ReloadResult.ShuttingDownError);

    private ReloadResult Refused(string trigger, string why)
    {
        log.Warning("reload ({Trigger}) not applied: {Why}", trigger, why);
        return new ReloadResult(false, [why], null, NotNow: true);
    }

    // The runners of the sources to start, or the first error (the ones built before it are disposed).
    private (List<SourceRunner> Runners, string? Error) Build(IEnumerable<BuiltSource> sources, GlobalConfig global)
    {
        var runners = new List<SourceRunner>();
        foreach (var source in sources)
        {
            try
            {
                runners.Add(newRunner(source, global));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                foreach (var runner in runners) runner.Dispose();
                return ([], SourceStartFault.Describe(source, ex));
            }
        }
        return (runners, null);
    }

    private async Task<ReloadResult> ReloadCoreAsync(string trigger)
    {
        var path = _current.Config.Path;
        foreach (var folder in registry.Catalog.Rescan())
            log.Warning("reload: plugin folder '{Folder}' changed since helr loaded it; the loaded version runs on until helr is restarted", folder);
        // With the run's audit trail: the sources built here read their credentials through it for as long as they run.
        var (loaded, problems) = ConfigLoader.Load(path, registry, environment?.Invoke(path), audit: audit, reload: true);
        if (loaded is null)
        {
            var errors = problems.Errors.Select(e => e.ToString()).ToList();
            log.Error("reload ({Trigger}) rejected, keeping the running config: {Path} has {Count} problem(s)", trigger, path, errors.Count);
            foreach (var error in errors) log.Error("reload: {Error}", error);
            return new ReloadResult(false, errors, null);
        }
        var config = loaded.Config;
        if (selected.Count > 0) config = config with { Sources = config.Sources.Where(s => selected.Contains(s.Id)).ToList() };
        // As `helr run` refuses to start without a source: a file emptied by mistake must not stop every source.
        if (config.Sources.Count == 0)
        {
            var none = selected.Count > 0
                ? $"sources: none of the sources this run was started with (--source {string.Join(", ", selected)}) is in the file; reload not applied"
                : "sources: no source is configured; reload not applied (stop helr to collect nothing)";
            log.Error("reload ({Trigger}) rejected, keeping the running config: {Error}", trigger, none);
            return new ReloadResult(false, [none], null);
        }
        var next = ConfigSnapshot.Of(config);
        var plan = ConfigReloadPlan.Diff(_current.Config, config, config.Global.Reload.RestartSourcesOnSighup);
        // Unchanged sources keep their running objects (authenticator, token cache, circuit breaker); the
        // copies the load built for them are dropped.
        var sources = config.Sources.Select(s => plan.Unchanged.Contains(s.Id) ? _running.Find(s.Id)! : loaded.Sources.Find(s.Id)!).ToList();
        // Every new runner is built before any source stops: a build that throws (a plugin's getter, read
        // again here) then leaves everything running as before, instead of the restarted sources stopped.
        var (runners, failed) = Build(sources.Where(s => !plan.Unchanged.Contains(s.Id)), config.Global);
        if (failed is not null)
        {
            log.Error("reload ({Trigger}) rejected, keeping the running config: {Error}", trigger, failed);
            return new ReloadResult(false, [failed], null);
        }
        // All at once: one after the other, each source's page in flight (up to 60 s) added to the reload,
        // and the sources stopped first were not polled until the last had stopped.
        foreach (var stopped in await Task.WhenAll(plan.Removed.Concat(plan.Changed).Select(scheduler.StopAsync)))
        {
            if (stopped is null) continue;
            // What the API asked of the source (a 429's Retry-After) still holds, and a restarted source that polls at once
            // asked it again at once; a new full token bucket let a burst through that the old one had spent.
            runners.Find(r => r.Id == stopped.Id)?.InheritRateLimits(stopped);
            stopped.Dispose();
        }
        // The run ended meanwhile: its loops may still be finishing a page, so no lease goes back here (shutdown releases them).
        if (scheduler.Ended)
        {
            foreach (var runner in runners) runner.Dispose();
            return ShuttingDown(trigger);
        }
        foreach (var id in plan.Removed)
        {
            board.Remove(id);
            telemetry.Emit(new SourceRemoved(id));
            await scheduler.ReleaseLeaseAsync(id);
        }
        // Published before the new runners start: a started runner is on the status board at once, and
        // /api/v1/sources/{id}/config for a source this reload added answered config null until then.
        _running = new BuiltSources(sources);
        _current = next;
        scheduler.SourcesConfigured(config.Sources.Count);
        for (var i = 0; i < runners.Count; i++)
        {
            if (scheduler.Start(runners[i], keepSchedule: plan.Refreshed.Contains(runners[i].Id))) continue;
            // The run ended while this reload was under way: the scheduler did not take these runners, nothing else knows them.
            foreach (var runner in runners.Skip(i)) runner.Dispose();
            return ShuttingDown(trigger);
        }
        foreach (var (key, _) in NotReloaded.Where(k => !Equals(k.Value(config.Global), k.Value(_startedWith))))
            log.Warning("reload: global.{Key} changed; it takes effect at the next start", key);
        // As at start (RunPipeline): a key the reload brought in that does nothing must not go unsaid.
        foreach (var warning in config.Warnings) log.Warning("reload: {Warning}", warning);
        log.Information("config reloaded ({Trigger}): {Plan}", trigger, plan.ToString());
        if (config.Global.Audit.ConfigChanges) audit?.Emit(new Observability.Telemetry.Events.ConfigLoaded(Path.GetFullPath(path), config.Sources.Count, Reload: true));
        return new ReloadResult(true, Array.Empty<string>(), plan) { Warnings = config.Warnings };
    }
}
