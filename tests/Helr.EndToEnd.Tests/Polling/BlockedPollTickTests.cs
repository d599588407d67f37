using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// Backpressure <c>block</c> with a stalled consumer and <c>poll_tick_secs</c>: each cycle is cut
/// while its page waits for room, after the page was rendered. Dedupe must not remember those ids,
/// or the page, fetched again once the consumer reads, would be dropped as duplicates for good.
/// </summary>
public sealed class BlockedPollTickTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task No_event_is_lost_when_poll_ticks_cut_cycles_blocked_on_a_stalled_consumer()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("b").Add(1500).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              backpressure:
                enabled: true
                strategy: block
                detection:
                  event_queue_size: 20
            sources:
            {feed.SourceYaml(api, intervalSecs: 1, extra: "    resilience:\n      timeouts:\n        poll_tick_secs: 3")}
            """);
        await using var helr = PipedHelr.StartGated(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("output under load", Timeout);
        // Let the 3 s poll tick cut the cycle while its rendered page waits for room. The cut shows nowhere
        // until the consumer reads again (the cycle first waits for the pages it handed over), so this
        // wait is the fault injection itself; the log line asserted below proves the cut happened.
        await Task.Delay(TimeSpan.FromSeconds(4));
        helr.OpenGate();
        await Eventually.WaitAsync(() => File.Exists(helr.OutputFile) && WrittenIds(helr.OutputFile).Distinct().Count() >= 1500, Timeout,
            () => $"{(File.Exists(helr.OutputFile) ? WrittenIds(helr.OutputFile).Distinct().Count() : 0)} of 1500 events\n{helr.Process.Stderr}");
        helr.Process.Signal("TERM");
        var (result, lines) = await helr.FinishAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poll tick timed out", result.Stderr);
        Assert.Equal(feed.Ids, Ids(lines).Distinct());
    }

    // A cut page is fetched again: helr_events_emitted_total must count the events the output took, not
    // those rendered (the cut page's lines that never got into the queue would count once more each time).
    [Fact]
    public async Task Events_of_a_page_cut_before_the_output_took_it_are_not_counted_as_emitted()
    {
        await using var api = await FakeVendorServer.StartAsync();
        var feed = new EventFeed("b").Add(1500).Mount(api);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              metrics: {"{"} enabled: true, address: 127.0.0.1, port: 0 {"}"}
              backpressure:
                enabled: true
                strategy: block
                detection:
                  event_queue_size: 20
            sources:
            {feed.SourceYaml(api, intervalSecs: 1, extra: "    resilience:\n      timeouts:\n        poll_tick_secs: 3")}
            """);
        await using var helr = PipedHelr.StartGated(dir, $"run -c {config}");
        await helr.Process.WaitForStderrAsync("output under load", Timeout);
        // As above: the wait is the fault injection (the 3 s poll tick cuts the blocked cycle).
        await Task.Delay(TimeSpan.FromSeconds(4));
        helr.OpenGate();
        using var http = new HttpClient();
        var url = Operations.OperationsRun.MetricsUrl(helr.Process.Stderr);
        double emitted = 0;
        var lines = 0;
        // Counted pages are whole pages the output took; lines of a cut page the writer had already taken are written
        // (and again when fetched again); those still queued are taken back (ShutdownMidHandOverTests, CutHandOverTests).
        await Eventually.WaitAsync(async () =>
        {
            emitted = Emitted(await http.GetStringAsync(url));
            lines = File.Exists(helr.OutputFile) ? WrittenIds(helr.OutputFile).Count : 0;
            return lines >= 1500 && emitted >= 1500 && emitted <= lines;
        }, TimeSpan.FromSeconds(30), () => $"helr_events_emitted_total {emitted}, {lines} lines written\n{helr.Process.Stderr}");
        helr.Process.Signal("TERM");
        var (result, _) = await helr.FinishAsync(Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poll tick timed out", result.Stderr);
    }

    private static double Emitted(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("helr_events_emitted_total{source=\"b\"} ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    // The reader's file is read while it is written: a line cut short there can end in '}' (its event's, or its
    // meta's) and not be JSON, so only what ends in a newline counts.
    private static List<string> WrittenIds(string file)
    {
        var text = File.ReadAllText(file);
        return Ids(text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static List<string> Ids(IEnumerable<string> lines) =>
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();
}
