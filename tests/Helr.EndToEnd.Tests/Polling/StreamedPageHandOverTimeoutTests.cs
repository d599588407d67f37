using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// A hand-over that fails without stopping the process: under <c>block</c> the consumer stalls while
/// a spilled page goes out in parts, and the poll tick cuts the cycle off in the middle of them. The
/// page's ids counted as seen at its end; the next cycle fetches the page again and must write it,
/// not drop the parts that never went out as duplicates.
/// </summary>
public sealed class StreamedPageHandOverTimeoutTests
{
    private const int Big = 3000;

    [Fact]
    public async Task A_page_whose_hand_over_the_poll_tick_cut_off_is_written_whole_by_the_next_cycle()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/audit", r => FakeResponse.Json(r.Param("cursor") is null ? CursorPage(Events("big", 0, Big), "c2") : CursorPage(Event("end-0", 0), "")));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", BlockedCursorConfig(dir, api));
        await using var helr = PipedHelr.StartGated(dir, $"run -c {config}", env: Env(spool.Path));
        await helr.Process.WaitForStderrAsync("spilled to a temporary file", TimeSpan.FromSeconds(60));
        await helr.Process.WaitForStderrAsync("poll tick timed out", TimeSpan.FromSeconds(60));

        helr.OpenGate();
        await Eventually.WaitAsync(() => File.Exists(helr.OutputFile) && File.ReadAllText(helr.OutputFile).Contains("\"end-0\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), () => helr.Process.Stderr);
        helr.Process.Signal("TERM");
        var (result, lines) = await helr.FinishAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = Eventually.EventIds(string.Join('\n', lines));
        // The parts that went out before the tick are written again with the page (at least once).
        Assert.Equal(Enumerable.Range(0, Big).Select(i => $"big-{i}").Append("end-0"), ids.Distinct());
        Assert.All(ids.GroupBy(id => id), g => Assert.InRange(g.Count(), 1, 2));
    }
}
