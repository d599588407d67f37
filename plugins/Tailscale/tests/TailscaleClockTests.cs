using System.Globalization;
using System.Text;
using Helr.PluginSdk.Events;
using Helr.Plugins.Tailscale.Tests.Support;
using static Helr.Plugins.Tailscale.Tests.TailscaleWindowTests;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>Windows on a clock the test moves (SourceHarness.Time), and the ids derived for entries that have none.</summary>
public class TailscaleClockTests
{
    private const string Path = "/api/v2/tailnet/example.com/logging/configuration";
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Param(RecordedRequest r, string name) => DateTimeOffset.Parse(r.Param(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task As_now_moves_each_cycle_asks_for_exactly_the_time_since_the_last_window_up_to_now_minus_lag()
    {
        var log = new FakeTailnetLog().Add(Start.AddMinutes(-90), Start.AddMinutes(-1), Start.AddMinutes(3), Start.AddMinutes(9));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, log.Answer);
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, $"from: \"{Start.AddHours(-2):yyyy-MM-dd'T'HH:mm:ss'Z'}\""), api, new TestEnvironment());
        var clock = new ManualClock(Start);
        harness.Time = clock;

        var first = await harness.RunCycleAsync();
        var idle = await harness.RunCycleAsync();
        clock.Now = Start.AddMinutes(10);
        var second = await harness.RunCycleAsync();

        Assert.Null(first.Error);
        Assert.Equal(new[] { Start.AddHours(-2), Start.AddHours(-1) }, first.Requests.Select(r => Param(r, "start")));
        Assert.Equal(Start.AddSeconds(-60), Param(first.Requests[^1], "end"));
        Assert.Empty(idle.Requests); // nothing new to ask for until now moves
        var window = Assert.Single(second.Requests);
        Assert.Equal((Start.AddSeconds(-60), Start.AddMinutes(9)), (Param(window, "start"), Param(window, "end")));
        // The entry at exactly 12:09 is the next window's start, not this window's end.
        Assert.Equal(new[] { Start.AddMinutes(-90) }.Select(FakeTailnetLog.Id), first.EventField("eventGroupID"));
        Assert.Equal(new[] { Start.AddMinutes(-1), Start.AddMinutes(3) }.Select(FakeTailnetLog.Id), second.EventField("eventGroupID"));
    }

    [Fact]
    public async Task Each_entry_gets_an_id_derived_from_its_content_the_same_every_time_it_is_sent()
    {
        var log = new FakeTailnetLog().Add(Start.AddMinutes(-30), Start.AddMinutes(-20));
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, log.Answer);
        var config = Config(api, $"from: \"{Start.AddHours(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}\"");
        var clock = new ManualClock(Start);
        using var once = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment());
        once.Time = clock;
        using var again = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment());
        again.Time = clock;

        var a = await once.RunCycleAsync();
        var b = await again.RunCycleAsync();

        var ids = a.Envelopes.Select(e => e.GetProperty("meta").GetProperty("id").GetString()).ToList();
        Assert.Equal(2, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("sha256:", id));
        Assert.Equal(ids, b.Envelopes.Select(e => e.GetProperty("meta").GetProperty("id").GetString()));
        Assert.Equal(DerivedEventId.FromContent(Encoding.UTF8.GetBytes(a.Envelopes[0].GetProperty("event").GetRawText())), ids[0]);
    }

    [Fact]
    public async Task With_dedupe_on_the_derived_id_is_the_key_so_only_exact_repeats_are_dropped()
    {
        var at = Start.AddMinutes(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string Entry(string action) => $$$"""{"eventGroupID":"g1","action":"{{{action}}}","eventTime":"{{{at}}}"}""";
        await using var api = await FakeVendorServer.StartAsync();
        // One change of a group of two, sent twice, and the group's other change (same eventGroupID).
        api.OnGet(Path, _ => FakeResponse.Json($$"""{"logs":[{{Entry("UPDATE")}},{{Entry("UPDATE")}},{{Entry("CREATE")}}]}"""));
        var config = Config(api, $"from: \"{Start.AddHours(-1):yyyy-MM-dd'T'HH:mm:ss'Z'}\"\ndedupe:\n  id_path: eventGroupID");
        using var harness = SourceHarness.Create(new TailscaleSourceType(), config, api, new TestEnvironment());
        harness.Time = new ManualClock(Start);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.Equal(new[] { "UPDATE", "CREATE" }, cycle.EventField("action"));
    }
}
