using System.Globalization;
using Helr.Plugins.Tailscale.Tests.Support;
using static Helr.Plugins.Tailscale.Tests.TailscaleWindowTests;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>
/// A window whose answer is over <c>max_response_bytes</c> (busy network logs) is asked for again in
/// halves until it fits, the shorter length is stored, and it grows back once windows fit again.
/// </summary>
public class TailscaleOversizedWindowTests
{
    private const string Path = "/api/v2/tailnet/example.com/logging/configuration";
    private static readonly DateTimeOffset Now = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Now.AddHours(-3);
    private static readonly DateTimeOffset Target = Now.AddSeconds(-60); // lag_secs: 60
    private static readonly FakeResponse Oversized = FakeResponse.Json($$"""{"logs":[],"padding":"{{new string('x', 8192)}}"}""");

    private static DateTimeOffset Time(RecordedRequest r, string param) => DateTimeOffset.Parse(r.Param(param)!, CultureInfo.InvariantCulture);

    private static TimeSpan Length(RecordedRequest r) => Time(r, "end") - Time(r, "start");

    private static string Keys(string extra) => $"from: \"{From:yyyy-MM-dd'T'HH:mm:ss'Z'}\"\nmax_response_bytes: 4096\n{extra}";

    // An entry every 7 minutes; 105 minutes in, one lies exactly on a 15-minute window boundary.
    private static List<DateTimeOffset> Entries()
    {
        var times = new List<DateTimeOffset>();
        for (var at = From; at < Target; at = at.AddMinutes(7)) times.Add(at);
        return times;
    }

    private static SourceHarness Harness(FakeVendorServer api, string extra)
    {
        var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, Keys(extra)), api, new TestEnvironment());
        harness.Time = new ManualClock(Now);
        return harness;
    }

    [Fact]
    public async Task A_window_over_max_response_bytes_is_asked_for_again_in_halves_and_every_entry_is_written_once()
    {
        var times = Entries();
        var log = new FakeTailnetLog().Add(times.ToArray());
        await using var api = await FakeVendorServer.StartAsync();
        // Up to 15 minutes of entries fit in max_response_bytes; a longer window's answer does not.
        api.OnGet(Path, r => Length(r) > TimeSpan.FromMinutes(15) ? Oversized : log.Answer(r));
        using var harness = Harness(api, "max_pages: 3");

        var cycles = await harness.RunCyclesAsync(6);

        Assert.All(cycles, c => Assert.Null(c.Error));
        var requests = cycles.SelectMany(c => c.Requests).ToList();
        Assert.Equal(new[] { 3600d, 1800, 900 }, requests.Take(3).Select(r => Length(r).TotalSeconds));
        // Every request starts where the last window that fitted ended: nothing skipped, no overlap.
        var written = From;
        foreach (var r in requests)
        {
            Assert.Equal(written, Time(r, "start"));
            if (Length(r) <= TimeSpan.FromMinutes(15)) written = Time(r, "end");
        }
        Assert.Equal(Target, written);
        Assert.Empty(cycles[^1].Requests);
        Assert.Equal(times.Select(FakeTailnetLog.Id), cycles.SelectMany(c => c.EventField("eventGroupID")));
        Assert.Equal(Rfc(Target), cycles[^1].State["window_end"]);
    }

    [Fact]
    public async Task The_shorter_length_is_kept_across_a_restart_and_doubles_back_to_max_window_secs_once_windows_fit()
    {
        var times = Entries();
        var log = new FakeTailnetLog().Add(times.ToArray());
        await using var api = await FakeVendorServer.StartAsync();
        // Only the first half hour is busy.
        api.OnGet(Path, r => Length(r) > TimeSpan.FromMinutes(15) && Time(r, "start") < From.AddMinutes(30) ? Oversized : log.Answer(r));
        HarnessCycle first;
        IReadOnlyDictionary<string, string> saved;
        using (var before = Harness(api, "max_pages: 1"))
        {
            first = await before.RunCycleAsync();
            saved = before.State;
        }
        using var after = Harness(api, "");
        foreach (var (key, value) in saved) after.SetState(key, value);

        var second = await after.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Equal("900", saved["window_secs"]);
        Assert.Null(second.Error);
        Assert.Equal(new[] { 900d, 1800, 3600, 3540 }, second.Requests.Select(r => Length(r).TotalSeconds));
        Assert.Equal(From.AddMinutes(15), Time(second.Requests[0], "start"));
        Assert.Equal("", second.State.GetValueOrDefault("window_secs", ""));
        Assert.Equal(times.Select(FakeTailnetLog.Id), first.EventField("eventGroupID").Concat(second.EventField("eventGroupID")));
    }

    [Fact]
    public async Task A_one_second_window_still_over_the_limit_fails_the_cycle_naming_max_response_bytes_and_moves_nothing()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, _ => Oversized);
        using var harness = Harness(api, "");

        var cycle = await harness.RunCycleAsync();

        Assert.Contains("max_response_bytes", cycle.Error);
        Assert.Contains("1 s", cycle.Error);
        Assert.Equal(new[] { 3600d, 1800, 900, 450, 225, 112, 56, 28, 14, 7, 3, 1 }, cycle.Requests.Select(r => Length(r).TotalSeconds));
        Assert.All(cycle.Requests, r => Assert.Equal(From, Time(r, "start")));
        Assert.False(cycle.State.ContainsKey("window_end"));
        Assert.Empty(cycle.Lines);
    }

    private static string Rfc(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
