using Helr.Kernel.Config;
using Helr.Kernel.Output;
using Helr.Kernel.Polling;
using Serilog;

namespace Helr.Kernel.Scheduling;

/// <summary>
/// <c>load_shedding.skip_priority_below</c>: while the output is under load (backpressure queue full
/// or spilling), a source whose <c>priority</c> is below the threshold does not start a poll; it
/// starts as soon as the queue is back below 75 % of its limits.
/// </summary>
internal sealed class LoadShedder(IOutputLoad output, int skipBelow, ILogger log)
{
    public static LoadShedder? Create(GlobalConfig global, IOutputLoad output, ILogger log) =>
        global.Backpressure.Enabled && global.LoadShedding.SkipPriorityBelow is { } threshold ? new LoadShedder(output, threshold, log) : null;

    /// <summary>Returns once the source may poll; false when stopping or once the output failed.</summary>
    public async Task<bool> WaitWhileShedAsync(SourceRunner runner, CancellationToken ct)
    {
        var priority = runner.Settings.Priority;
        if (priority >= skipBelow || !output.UnderLoad) return true;
        log.Information("load shedding: skipping poll of {SourceId} (priority {Priority} < skip_priority_below {Threshold}) while output is under load",
            runner.Id, priority, skipBelow);
        try
        {
            await output.WhenLoadClearedAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        if (output.Failure is not null) return false;
        log.Information("load shedding: resuming {SourceId}", runner.Id);
        return true;
    }
}
