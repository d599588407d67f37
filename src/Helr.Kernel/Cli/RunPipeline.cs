using Helr.Kernel.Config;
using Helr.Kernel.Observability;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Helr.Kernel.Scheduling;
using Helr.Kernel.State;
using Serilog;

namespace Helr.Kernel.Cli;

/// <summary>What <c>run</c>, <c>test</c> and <c>demo</c> share: state, output, runners, signals.</summary>
internal sealed record RunRequest
{
    public required HelrConfig Config { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();
    public bool Once { get; init; }
    public bool TestMode { get; init; }
    public string? OutputPath { get; init; }
    public string? OutputRotate { get; init; }
    public bool Verbose { get; init; }
    public bool Quiet { get; init; }
}

internal static class RunPipeline
{
    public static async Task<int> ExecuteAsync(RunRequest request)
    {
        var config = request.Config;
        await using var log = Logging.Create(config.Global.LogLevel, config.Global.LogFormat, request.Verbose, request.Quiet,
            config.Global.SourceLabelKey, config.Global.SourceLabelValue);
        foreach (var warning in config.Warnings) log.Warning("config: {Warning}", warning);
        var selected = Select(config, request.Sources, log);
        if (selected is null) return 1;

        using var cts = new CancellationTokenSource();
        using var signals = CliSupport.OnShutdownSignal(cts);
        StateRuntime state;
        try
        {
            state = await StateRuntime.OpenAsync(config.Global, request.TestMode, selected.Count, TimeProvider.System, log);
        }
        catch (Exception ex) when (ex is StateLockedException or StateStoreUnavailableException or InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            log.Error("cannot open state store: {Error}", ex.Message);
            return 1;
        }
        await using (state)
        {
            var store = state.Store;
            OutputWriter output;
            try
            {
                output = OutputFactory.Open(request.OutputPath, request.OutputRotate, config.Global, request.TestMode, TimeProvider.System, log);
            }
            catch (InvalidOperationException ex)
            {
                log.Error("{Error}", ex.Message);
                return 1;
            }
            await using (output)
            {
                var runners = selected.Select(s => SourceComposition.Build(s, config.Global, store, output, TimeProvider.System, log)).ToList();
                try
                {
                    log.Information("helr {Version}: {Count} source(s), state {State}, output {Output} ({Limits}){Mode}",
                        Http.HelrUserAgent.Version, runners.Count, store.Description, output.Description, output.Limits.Describe(), request.Once || request.TestMode ? ", one cycle" : "");
                    var scheduler = new SourceScheduler(runners, TimeProvider.System, log, LoadShedder.Create(config.Global, output, log), config.Global.Bulkhead.MaxConcurrentSources,
                        state.Gate, () => state.IntervalScale);
                    var once = request.Once || request.TestMode;
                    var code = once ? await scheduler.RunOnceAsync(cts.Token) : await scheduler.RunForeverAsync(cts.Token);
                    // A finished run writes out the disk buffer; a stopped one leaves it for the next start.
                    await output.CompleteAsync(drainDisk: once && !cts.IsCancellationRequested);
                    if (cts.IsCancellationRequested) log.Information("graceful shutdown complete");
                    return output.Failure is not null ? 1 : code;
                }
                finally
                {
                    foreach (var runner in runners) runner.Dispose();
                }
            }
        }
    }

    private static List<SourceConfig>? Select(HelrConfig config, IReadOnlyList<string> wanted, ILogger log)
    {
        if (wanted.Count == 0) return config.Sources.ToList();
        var missing = wanted.Where(w => config.Sources.All(s => s.Id != w)).ToList();
        if (missing.Count > 0)
        {
            log.Error("source {Missing} not found in config (sources: {Known})",
                string.Join(", ", missing.Select(m => $"\"{m}\"")), string.Join(", ", config.Sources.Select(s => s.Id)));
            return null;
        }
        return config.Sources.Where(s => wanted.Contains(s.Id)).ToList();
    }
}
