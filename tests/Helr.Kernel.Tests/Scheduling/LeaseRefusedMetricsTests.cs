using Helr.Kernel.Tests.State;
using Xunit;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A lease the store fails to give counts as a failed cycle: logged, last_error, unhealthy after 3. The
/// metrics did not hear of it: helr_errors_total{kind="poll"} stayed at 0, so the polls-failing alert
/// (docs/alerts) never fired while a Redis or Postgres outage kept every source from being collected.
/// </summary>
public sealed class LeaseRefusedMetricsTests
{
    [Fact]
    public async Task Each_lease_the_store_fails_to_give_counts_as_a_failed_poll_without_a_poll_duration()
    {
        var store = new MemoryLeaseStore { FailAcquireWith = () => new Helr.Kernel.State.StateStoreUnavailableException("redis: connection refused") };
        await using var run = new LeasedSourceRun(store);
        await run.StartAsync();

        await run.AdvanceUntilAsync(() => (run.Board.Get("s1")?.FailuresInARow ?? 0) >= 3);

        var failures = run.Board.Get("s1")!.FailuresInARow;
        Assert.True(failures >= 3, "no failed attempt recorded");
        var metrics = run.Telemetry.Metrics;
        // Read after the board: the metric is counted before the attempt is reported.
        Assert.True(metrics.Errors.WithLabels("s1", "poll").Value >= failures, $"helr_errors_total{{kind=\"poll\"}} is {metrics.Errors.WithLabels("s1", "poll").Value} after {failures} failed attempts");
        Assert.Equal(0, metrics.PollDuration.WithLabels("s1").Count);
        Assert.Empty(run.Api.Requests);
    }
}
