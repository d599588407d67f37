using Helr.PluginSdk.Tests.Support;
using Helr.PluginSdk.Time;

namespace Helr.PluginSdk.Tests.Time;

/// <summary>Windows from the stored end (less the overlap) up to now − lag, capped, contiguous, in whole seconds.</summary>
public class TimeWindowsTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, 400, TimeSpan.Zero);

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static DateTimeOffset At(int hour, int minute = 0) => new(2024, 5, 1, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_window_starts_one_lookback_ago_in_whole_seconds_and_ends_lag_before_now()
    {
        var windows = new TimeWindows(new TimeWindowOptions { Lag = TimeSpan.FromMinutes(1), Lookback = TimeSpan.FromHours(2) }, new DictionaryState(), new Clock(Now));
        Assert.Equal(new TimeWindow(At(10), At(11, 59)), windows.First);
        Assert.Null(windows.LastEnd);
        Assert.Null(windows.After(windows.First!.Value));
    }

    [Fact]
    public void Capped_windows_follow_each_other_from_the_stored_end_until_now_minus_lag()
    {
        var windows = new TimeWindows(new TimeWindowOptions { Lag = TimeSpan.FromMinutes(1), MaxLength = TimeSpan.FromHours(1) },
            new DictionaryState(("window_end", "2024-05-01T09:30:00Z")), new Clock(Now));
        var seen = new List<TimeWindow>();
        for (var w = windows.First; w is { } window; w = windows.After(window)) seen.Add(window);
        Assert.Equal(new[]
        {
            new TimeWindow(At(9, 30), At(10, 30)), new TimeWindow(At(10, 30), At(11, 30)), new TimeWindow(At(11, 30), At(11, 59)),
        }, seen);
        var checkpoint = new Dictionary<string, string>();
        windows.AddCompleted(seen[1], checkpoint);
        Assert.Equal("2024-05-01T11:30:00Z", checkpoint["window_end"]);
    }

    [Fact]
    public void With_an_overlap_the_next_window_asks_again_for_the_end_of_the_last_one()
    {
        var lag = TimeSpan.FromMinutes(10);
        var windows = new TimeWindows(new TimeWindowOptions { EndKey = "end", Lag = lag, Overlap = lag },
            new DictionaryState(("end", "2024-05-01T11:40:00Z")), new Clock(Now));
        Assert.Equal(new TimeWindow(At(11, 30), At(11, 50)), windows.First);
    }

    [Fact]
    public void Nothing_is_asked_for_while_the_stored_end_is_at_or_past_now_minus_lag()
    {
        var options = new TimeWindowOptions { Lag = TimeSpan.FromMinutes(10), Overlap = TimeSpan.FromMinutes(10) };
        Assert.Null(new TimeWindows(options, new DictionaryState(("window_end", "2024-05-01T11:50:00Z")), new Clock(Now)).First);
        Assert.Null(new TimeWindows(options with { From = At(13) }, new DictionaryState(), new Clock(Now)).First);
    }

    [Fact]
    public void No_window_starts_before_now_minus_max_age_whether_from_a_stored_end_or_from()
    {
        var options = new TimeWindowOptions { Lag = TimeSpan.FromMinutes(1), MaxAge = TimeSpan.FromHours(2), MaxLength = TimeSpan.FromHours(1) };
        var stored = new TimeWindows(options, new DictionaryState(("window_end", "2024-04-01T00:00:00Z")), new Clock(Now));
        var configured = new TimeWindows(options with { From = At(1) }, new DictionaryState(), new Clock(Now));
        var recent = new TimeWindows(options with { From = At(11) }, new DictionaryState(), new Clock(Now));
        Assert.Equal(new TimeWindow(At(10), At(11)), stored.First);
        Assert.Equal((At(10), new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero)), (stored.Earliest!.Value, stored.Skipped!.Value));
        Assert.Equal((new TimeWindow(At(10), At(11)), At(1)), (configured.First!.Value, configured.Skipped!.Value));
        Assert.Equal(new TimeWindow(At(11), At(11, 59)), recent.First);
        Assert.Null(recent.Skipped);
    }

    [Fact]
    public void A_window_holds_its_start_but_not_its_end()
    {
        var window = new TimeWindow(At(10), At(11));
        Assert.True(window.HalfOpenContains(At(10)));
        Assert.True(window.HalfOpenContains(At(11).AddTicks(-1)));
        Assert.False(window.HalfOpenContains(At(11)));
    }
}
