using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// A streamed page whose lines stayed in memory goes to the output in one piece, as a page read whole
/// does. Under <c>block</c> with a stalled consumer the poll tick cuts the cycle while that piece waits
/// for room: the page's ids must not count as seen, or the next cycle, fetching the page again, drops
/// it as duplicates and checkpoints past it.
/// </summary>
public sealed class StreamedPageInMemoryTimeoutTests
{
    private const int Small = 7000, Big = 14000;
    // Long enough for both pages to be read before the tick fires on a loaded machine: with 2 s, page 2
    // (3 MB) was once still arriving when the tick cut the cycle, and the page never reached the output's door.
    private const int TickSecs = 6;

    [Fact]
    public async Task A_streamed_page_held_in_memory_whose_submit_the_poll_tick_cut_off_is_written_by_the_next_cycle()
    {
        await using var api = await FakeVendorServer.StartAsync();
        // Page 1 (about 1.6 MB, read whole) goes into the empty queue whole and keeps it full while the
        // consumer stalls; page 2 (about 3 MB, streamed, its lines held in memory) then waits for room.
        api.OnGet("/audit", r => FakeResponse.Json(r.Param("cursor") switch
        {
            null => CursorPage(Events("a", 0, Small), "c2"),
            "c2" => CursorPage(Events("big", 0, Big), "c3"),
            _ => CursorPage(Event("end-0", 0), ""),
        }));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", BlockedCursorConfig(dir, api, TickSecs));
        var env = Env(spool.Path);
        env["HELR_STREAM_THRESHOLD_BYTES"] = "2097152";
        env["HELR_STREAM_SPOOL_BYTES"] = "16777216";
        await using var helr = PipedHelr.StartGated(dir, $"run -c {config}", env: env);
        await helr.Process.WaitForStderrAsync("its lines held in memory", TimeSpan.FromSeconds(60));
        // Let the poll tick cut the cycle while page 2 waits for room. The cut shows nowhere until the
        // consumer reads again (the cycle first waits for page 1 to be written), so this wait is the fault
        // injection itself; the log line asserted below proves the cut happened.
        await Task.Delay(TimeSpan.FromSeconds(TickSecs + 1));
        helr.OpenGate();
        await Eventually.WaitAsync(() => File.Exists(helr.OutputFile) && File.ReadAllText(helr.OutputFile).Contains("\"end-0\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => helr.Process.Stderr);
        helr.Process.Signal("TERM");
        var (result, lines) = await helr.FinishAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("poll tick timed out", result.Stderr);
        var ids = Eventually.EventIds(string.Join('\n', lines));
        var expected = Enumerable.Range(0, Small).Select(i => $"a-{i}").Concat(Enumerable.Range(0, Big).Select(i => $"big-{i}")).Append("end-0").ToList();
        var lost = expected.Except(ids).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} events lost ({lost.FirstOrDefault()} to {lost.LastOrDefault()})\n{result.Stderr}");
        Assert.Equal(expected, ids.Distinct());
    }
}
