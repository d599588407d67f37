using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// A source reuses two spool files (SpoolFiles): a page spills into one while the page before is still
/// read out of the other and handed to the output in parts. A page that spilled and was then discarded
/// (a read that broke off and was retried, a malformed page skipped) must not leave the page after it
/// spilling into the file the earlier page is still read from: that page's remaining parts would be
/// read from the wrong bytes, losing its lines and writing a torn one, and its checkpoint would pass them.
/// </summary>
public sealed class DiscardedSpillTests
{
    private const int First = 3000, Second = 1000;

    [Theory]
    [InlineData("retry")] // the second page's first read breaks off after spilling; the retry spills again
    [InlineData("skip")] // the second page is malformed after spilling and skipped; the third page spills
    public async Task A_discarded_spill_does_not_spill_into_the_file_the_page_before_is_still_read_from(string discard)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var second = "[" + Events("b", 0, Second) + "]";
        var served = 0;
        api.OnGet("/logs", _ => FakeResponse.Json("[" + Events("a", 0, First) + "]").WithNext(api.Url("/logs/2")));
        api.OnGet("/logs/2", _ => discard == "skip"
            ? FakeResponse.Json("[" + Events("b", 0, Second) + ",{\"id\":]").WithNext(api.Url("/logs/3"))
            : Interlocked.Increment(ref served) == 1 ? FakeResponse.Json(second) with { AbortAfterBytes = second.Length * 2 / 3 } : FakeResponse.Json(second));
        api.OnGet("/logs/3", _ => FakeResponse.Json("[" + Events("c", 0, Second) + "]"));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              logs:
                url: {api.Url("/logs")}
                on_parse_error: skip
                pagination:
                  strategy: link_header
                resilience:
                  retries:
                    max_attempts: 3
                    initial_backoff_secs: 0
            """);
        var env = Env(spool.Path);
        // One part in the output at a time: with the consumer stalled, the first page's hand-over stops
        // part-way through its spool file while the pages after it are read and spill.
        env["HELR_STREAM_OUTPUT_BYTES"] = "16384";
        await using var helr = PipedHelr.StartGated(dir, $"run --once -c {config}", env: env);
        // The first page, the discarded one, and the one after it (the retry, or the third page).
        await helr.Process.WaitForStderrAsync("spilled to a temporary file until the page ends", 3, TimeSpan.FromSeconds(60));
        helr.OpenGate();
        var (result, lines) = await helr.FinishAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = Eventually.EventIds(string.Join('\n', lines));
        var expected = Enumerable.Range(0, First).Select(i => $"a-{i}").Concat(Enumerable.Range(0, Second).Select(i => discard == "skip" ? $"c-{i}" : $"b-{i}")).ToList();
        var torn = lines.Length - ids.Count;
        var lost = expected.Except(ids).ToList();
        Assert.True(torn == 0 && expected.SequenceEqual(ids),
            $"{torn} lines not JSON, {lost.Count} events lost ({lost.FirstOrDefault()} to {lost.LastOrDefault()}), {ids.Count - ids.Distinct().Count()} repeated\n{result.Stderr}");
    }
}
