using System.Text;
using System.Text.RegularExpressions;
using Helr.PluginSdk.Testing;

namespace Helr.Kernel.Tests.Scheduling;

/// <summary>
/// A cycle a reload stops (it removes or restarts the source) ends once its page in flight is written. Its
/// events are written and counted in helr_events_emitted_total, so they belong on the status board too
/// (events_last_hour, events_per_minute, newest_event_time, lag_secs), though the cycle is no outcome
/// (not counted in cycles, no error, no success).
/// </summary>
public sealed class StoppedCycleStatusTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    // Dated before the fake clock's start (2000-01-01): an event time after now would count as now.
    private static string Page(int page) =>
        "[" + string.Join(",", Enumerable.Range(1, 3).Select(i => $$"""{"id":"p{{page}}-{{i}}","published":"1999-12-0{{page}}T00:00:0{{i}}Z"}""")) + "]";

    [Fact]
    public async Task The_events_of_a_cycle_a_reload_stopped_are_on_the_status_board()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.OnGet("/a", r => r.Param("page") switch
        {
            null => FakeResponse.Json(Page(1)).WithNext(api.Url("/a?page=2")),
            "2" => FakeResponse.Streamed(async (s, ct) =>
            {
                await held.Task.WaitAsync(ct);
                await s.WriteAsync(Encoding.UTF8.GetBytes(Page(2)), ct);
            }).WithNext(api.Url("/a?page=3")),
            _ => FakeResponse.Json(Page(3)),
        });
        await using var run = new ScheduledSource(api, TimeSpan.FromHours(1), beforeStart: r => r.Stream.Release.Set(),
            moreResilience: "    pagination:\n      strategy: link_header");
        await api.WaitForRequestsAsync(2, Hang);

        // What a reload does to a source it removes or restarts: the page in flight is finished (page 2 if the
        // cycle already waits for it, else page 1 alone), then the cycle ends.
        var stop = run.Scheduler.StopAsync("a");
        held.SetResult();
        (await stop.WaitAsync(Hang))?.Dispose();

        var stopped = Regex.Match(run.Logs.Text, "poll stopped by reload: \"a\" after (\\d) pages");
        Assert.True(stopped.Success, run.Logs.Text);
        var pages = int.Parse(stopped.Groups[1].Value);
        var status = run.Board.Get("a")!;
        Assert.Equal(3 * pages, status.EventsPerMinute.Sum());
        Assert.Equal(DateTimeOffset.Parse($"1999-12-0{pages}T00:00:03Z"), status.NewestEventTime);
        Assert.Equal(0, status.Cycles);
        Assert.Null(status.LastError);
        Assert.Equal(0, status.FailuresInARow);
    }
}
