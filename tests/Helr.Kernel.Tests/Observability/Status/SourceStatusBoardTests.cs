using Helr.Kernel.Observability.Status;
using Helr.Kernel.Tests.Support;
using Xunit;

namespace Helr.Kernel.Tests.Observability.Status;

/// <summary>The status read model: failures in a row, last error kept with its time, lag, events per minute over an hour.</summary>
public sealed class SourceStatusBoardTests
{
    [Fact]
    public void A_failure_is_remembered_and_a_later_success_resets_the_run_of_failures()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var board = new SourceStatusBoard(time);
        board.Register("s");
        Assert.Equal(0, board.Get("s")!.Cycles);

        board.Record("s", new CycleReport(false, 0, 0, "HTTP 500", null));
        time.Advance(TimeSpan.FromSeconds(10));
        board.Record("s", new CycleReport(false, 0, 0, "HTTP 502", null));
        var failing = board.Get("s")!;
        Assert.Equal(2, failing.FailuresInARow);
        Assert.Equal("HTTP 502", failing.LastError);
        Assert.Null(failing.LastSuccess);

        time.Advance(TimeSpan.FromSeconds(10));
        board.Record("s", new CycleReport(true, 1, 3, null, time.GetUtcNow().AddSeconds(-30)));
        var ok = board.Get("s")!;
        Assert.Equal(0, ok.FailuresInARow);
        Assert.Equal("HTTP 502", ok.LastError);
        Assert.Equal(time.GetUtcNow().AddSeconds(-10), ok.LastErrorAt);
        Assert.Equal(time.GetUtcNow(), ok.LastSuccess);
        Assert.Equal(30, ok.LagSeconds);

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(45, board.Get("s")!.LagSeconds);
    }

    [Fact]
    public void Lag_follows_the_newest_event_ever_written_not_the_last_cycles()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var board = new SourceStatusBoard(time);
        board.Record("s", new CycleReport(true, 1, 1, null, time.GetUtcNow().AddMinutes(-1)));
        board.Record("s", new CycleReport(true, 1, 1, null, time.GetUtcNow().AddMinutes(-5)));
        board.Record("s", new CycleReport(true, 0, 0, null, null));
        Assert.Equal(60, board.Get("s")!.LagSeconds);
    }

    [Fact]
    public void An_event_dated_in_the_future_counts_as_written_now_so_the_lag_still_grows()
    {
        // A vendor clock ahead, or a timestamp_field that names an expiry date, must not hold the lag at 0.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var board = new SourceStatusBoard(time);
        board.Record("s", new CycleReport(true, 1, 1, null, time.GetUtcNow().AddYears(1)));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(7200, board.Get("s")!.LagSeconds);
    }

    [Fact]
    public void Events_per_minute_cover_the_last_hour_and_forget_older_minutes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var board = new SourceStatusBoard(time);
        board.Record("s", new CycleReport(true, 1, 7, null, null));
        board.Record("s", new CycleReport(true, 1, 3, null, null));
        time.Advance(TimeSpan.FromMinutes(2));
        board.Record("s", new CycleReport(true, 1, 5, null, null));
        var perMinute = board.Get("s")!.EventsPerMinute;
        Assert.Equal(60, perMinute.Count);
        Assert.Equal(5, perMinute[^1]);
        Assert.Equal(0, perMinute[^2]);
        Assert.Equal(10, perMinute[^3]);

        // 60 minutes on, the first minute has left the window; the slot it used is reused cleanly.
        time.Advance(TimeSpan.FromMinutes(58));
        board.Record("s", new CycleReport(true, 1, 1, null, null));
        perMinute = board.Get("s")!.EventsPerMinute;
        Assert.Equal(6, perMinute.Sum());
        Assert.Equal(1, perMinute[^1]);
    }

    [Fact]
    public void A_removed_source_is_gone()
    {
        var board = new SourceStatusBoard(new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        board.Register("a");
        board.Register("b");
        board.Remove("a");
        Assert.Equal(new[] { "b" }, board.Ids);
        Assert.Null(board.Get("a"));
    }
}
