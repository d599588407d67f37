using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Cli;

/// <summary>
/// SIGTERM while a page is being handed to a full output queue (<c>block</c>, a consumer that is
/// behind). The hand-over was cut with part of the page queued: those lines were written at shutdown,
/// the page never checkpointed, so the next start wrote them again (dedupe does not catch them: a page's
/// ids count as seen only once it was handed over whole).
/// </summary>
public sealed class ShutdownMidHandOverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // 37 lines a page against a queue of 100: the page waiting for room has part of its lines queued.
    private const int Pages = 20;
    private const int PerPage = 37;

    private static string Page(int page) =>
        "[" + string.Join(",", Enumerable.Range(1, PerPage).Select(i => $$"""{"id":"p{{page}}-{{i}}","msg":"{{new string('x', 200)}}"}""")) + "]";

    [Fact]
    public async Task A_SIGTERM_while_a_page_waits_for_room_writes_no_line_twice_across_a_restart()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", r =>
        {
            var page = int.Parse(r.Param("page") ?? "1");
            var response = FakeResponse.Json(Page(page));
            return page < Pages ? response.WithNext(api.Url($"/logs?page={page + 1}")) : response;
        });
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              backpressure:
                enabled: true
                strategy: block
                detection:
                  event_queue_size: 100
            sources:
              s1:
                url: {api.Url("/logs")}
                pagination:
                  strategy: link_header
                schedule:
                  interval_secs: 3600
            """);
        string[] first;
        await using (var helr = PipedHelr.StartGated(dir, $"run -c {config}"))
        {
            await helr.Process.WaitForStderrAsync("output under load", Timeout);
            helr.Process.Signal("TERM");
            await helr.Process.WaitForStderrAsync("SIGTERM received", Timeout);
            // The consumer catches up only after the stop was asked: the page being handed over is finished.
            helr.OpenGate();
            var (result, lines) = await helr.FinishAsync(Timeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("poll stopped by shutdown: s1", result.Stderr);
            first = lines;
        }
        await using var again = HelrProcess.Start($"run --once -c {config}", dir.Path);
        var second = await again.WaitAsync(Timeout);
        Assert.True(second.ExitCode == 0, second.ToString());
        var ids = Ndjson.Parse(string.Join('\n', first)).EventField("id").Concat(second.Lines.EventField("id")).ToList();
        var repeated = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"written twice: {string.Join(", ", repeated)} ({first.Length} lines before the restart)\n{second.Stderr}");
        Assert.Equal(Pages * PerPage, ids.Count);
    }
}
