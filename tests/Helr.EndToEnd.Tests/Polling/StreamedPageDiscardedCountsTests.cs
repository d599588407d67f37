using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using static Helr.EndToEnd.Tests.Support.StreamedPages;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>
/// Windows of a streamed page rendered and then discarded (a read that broke off and was retried, a
/// page skipped under <c>on_parse_error: skip</c>) dropped no event: what they counted under
/// <c>max_line_bytes_behavior: skip</c> is not counted, and the retried page counts its drops once.
/// </summary>
public sealed class StreamedPageDiscardedCountsTests
{
    private const int Count = 3000;

    // Every tenth event is longer than max_line_bytes.
    private static string Body(bool malformed) => "[" + string.Join(",\n  ", Enumerable.Range(0, Count).Select(i =>
        i % 10 == 0 ? Event($"r-{i}", i).Replace("xxxx", new string('y', 2000), StringComparison.Ordinal) : Event($"r-{i}", i)))
        + (malformed ? ",{\"id\":]" : "]");

    [Theory]
    [InlineData("retry")] // the first read breaks off two thirds in, the second reads the page whole
    [InlineData("skip")] // the page is malformed at its end and skipped
    public async Task Drops_counted_by_discarded_windows_are_not_counted(string discard)
    {
        await using var api = await FakeVendorServer.StartAsync();
        var served = 0;
        var body = Body(malformed: discard == "skip");
        api.OnGet("/logs", _ => discard == "retry" && Interlocked.Increment(ref served) == 1
            ? FakeResponse.Json(body) with { AbortAfterBytes = body.Length * 2 / 3 }
            : FakeResponse.Json(body));
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              logs:
                url: {api.Url("/logs")}
                on_parse_error: skip
                max_line_bytes: 1500
                max_line_bytes_behavior: skip
                resilience:
                  retries:
                    max_attempts: 3
                    initial_backoff_secs: 0
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: Env(spool.Path));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("spilled to a temporary file", result.Stderr); // streamed, and windows rendered
        var written = result.Lines.EventField("id");
        Assert.Equal(discard == "retry" ? Count - Count / 10 : 0, written.Count);
        Assert.Equal(discard == "retry" ? Count / 10 : 0, Summary.Dropped(result.Stderr, "logs", "max_line_bytes"));
    }
}
