using System.Globalization;
using Helr.Plugins.Tailscale.Tests.Support;
using static Helr.Plugins.Tailscale.Tests.TailscaleWindowTests;

namespace Helr.Plugins.Tailscale.Tests;

/// <summary>
/// <c>on_parse_error: skip</c> with windows: a window that cannot be read is passed only once a later one
/// is read; a cycle that ends on it keeps the stored end before it, so it is asked for again (docs/collection.md).
/// </summary>
public class TailscaleParseErrorTests
{
    private const string Path = "/api/v2/tailnet/example.com/logging/configuration";

    [Theory]
    [InlineData("""{"version":"1.1","tailnetId":"example.com","logs":[{"eventGroupID":"g1","origin":"ADMIN_""")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public async Task An_unreadable_last_window_is_asked_for_again_next_cycle_and_its_entries_are_written_then(string unreadable)
    {
        var stored = DateTimeOffset.UtcNow.AddMinutes(-30);
        var storedText = stored.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var entry = DateTimeOffset.Parse(storedText, CultureInfo.InvariantCulture).AddMinutes(10);
        var log = new FakeTailnetLog().Add(entry);
        await using var api = await FakeVendorServer.StartAsync();
        var broken = true;
        api.OnGet(Path, r => broken ? FakeResponse.Json(unreadable) : log.Answer(r));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, "on_parse_error: skip"), api, new TestEnvironment());
        harness.SetState("window_end", storedText);

        var skipped = await harness.RunCycleAsync();

        Assert.Null(skipped.Error);
        Assert.Empty(skipped.Lines);
        Assert.Equal(storedText, skipped.State["window_end"]); // not past the window that was not read
        var third = (await harness.RunCyclesAsync(2))[^1];
        Assert.Contains(third.Log, l => l.Contains("is unhealthy", StringComparison.Ordinal)); // held at the window, not moving on

        broken = false;
        var next = await harness.RunCycleAsync();

        Assert.Null(next.Error);
        Assert.Equal(storedText, next.Requests[0].Param("start"));
        Assert.Equal(new[] { FakeTailnetLog.Id(entry) }, next.EventField("eventGroupID"));
    }

    [Fact]
    public async Task An_unreadable_window_followed_by_a_readable_one_is_skipped_as_on_parse_error_skip_says()
    {
        var stored = DateTimeOffset.UtcNow.AddHours(-3);
        var storedText = stored.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var log = new FakeTailnetLog();
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet(Path, r => r.Param("start") == storedText ? FakeResponse.Json("<html></html>") : log.Answer(r));
        using var harness = SourceHarness.Create(new TailscaleSourceType(), Config(api, "on_parse_error: skip\nmax_window_secs: 3600"), api, new TestEnvironment());
        harness.SetState("window_end", storedText);

        var cycle = await harness.RunCycleAsync();

        Assert.Null(cycle.Error);
        Assert.True(cycle.Requests.Count >= 3);
        Assert.Equal(cycle.Requests[^1].Param("end"), cycle.State["window_end"]);
    }
}
