using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

/// <summary>
/// One owner per disk buffer: a second helr on the same path is refused, <c>helr test</c> never
/// touches it, and lines an earlier run spilled are written before a changed strategy takes over.
/// </summary>
public sealed class DiskBufferOwnershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Config(TempDir dir, string url, string strategy) => $"""
        global:
          state:
            backend: sqlite
            path: {dir.File("state.db")}
          backpressure:
            enabled: true
            strategy: {strategy}
            detection:
              event_queue_size: 100
            disk_buffer:
              path: {dir.File("spill/buffer")}
              segment_size_mb: 1
              max_size_mb: 100
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
              max_pages: 1000
        """;

    private static List<string> Ids(IEnumerable<string> lines) =>
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();

    private static long Spilled(TempDir dir) =>
        Directory.EnumerateFiles(dir.File("spill"), "buffer.*").Where(f => Path.GetExtension(f).TrimStart('.').All(char.IsAsciiDigit)).Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task Helr_test_leaves_spilled_lines_alone_and_the_next_run_with_another_strategy_writes_them_first()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 80, perPage: 50);
        using var dir = new TempDir();
        var spill = dir.Write("spill.yaml", Config(dir, api.Url, "disk_buffer"));
        await using (var first = PipedHelr.StartGated(dir, $"run -c {spill}", "first"))
        {
            await first.Process.WaitForStderrAsync("spilling to the disk buffer", Timeout);
            while (!api.Finished) await server.WaitForRequestsAsync(server.Requests.Count + 1, Timeout);
            first.Process.Signal("TERM");
            first.OpenGate("first");
            var (stopped, _) = await first.FinishAsync(Timeout, "first");
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
            Assert.Contains("remain in the disk buffer", stopped.Stderr);
        }
        var firstLines = File.ReadAllLines(dir.File("first.out"));
        var spilled = Spilled(dir);
        Assert.True(spilled > 0, "nothing was left on disk");

        // helr test writes no state, and the buffer is state: nothing of it comes out, nothing is consumed.
        var test = await HelrProcess.RunAsync($"test --source s1 -c {spill}", dir.Path, timeout: Timeout);
        Assert.True(test.ExitCode == 0, test.ToString());
        var firstSpilled = api.Ids().ElementAt(firstLines.Length);
        Assert.DoesNotContain(firstSpilled, Ids(test.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(spilled, Spilled(dir));

        // The strategy changed to block: the spilled lines still come out first, then the buffer is gone.
        var block = dir.Write("block.yaml", Config(dir, api.Url, "block"));
        var next = await HelrProcess.RunAsync($"run --once -c {block}", dir.Path, timeout: Timeout);
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Contains("from an earlier run; writing them before new events", next.Stderr);
        var nextIds = Ids(next.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(firstSpilled, nextIds[0]);
        // In order, nothing missing; the TERM may have stopped before the last page's checkpoint, which is then fetched again.
        Assert.Equal(api.Ids(), Ids(firstLines).Concat(nextIds).Distinct());
        Assert.Equal(0, Spilled(dir));
    }

    [Fact]
    public async Task A_second_helr_on_the_same_disk_buffer_is_refused_naming_the_first()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(dir, server.Url("/logs"), "disk_buffer").Replace($"    backend: sqlite\n    path: {dir.File("state.db")}\n", "    backend: memory\n"));
        await using var first = HelrProcess.Start($"run -c {config}", dir.Path);
        await first.WaitForStderrAsync("source(s), state", Timeout);
        var second = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"is in use by another helr (pid {first.Pid}); several instances on one host need one disk_buffer.path each", second.Stderr);
        first.Signal("TERM");
        Assert.Equal(0, (await first.WaitAsync(Timeout)).ExitCode);
    }
}
