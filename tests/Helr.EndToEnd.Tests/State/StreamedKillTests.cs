using System.Text;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Crash safety of streamed pages (docs/performance.md, "Streamed pages") written to a synced file
/// (docs/output.md, "When a page counts as written"): a continuous run over a cursor API whose every page
/// streams, spills to the page spool and goes to the output in parts is killed with SIGKILL at random
/// moments (mid-body, mid-spill, mid-hand-over, between a write and its checkpoint) and restarted.
/// After every kill the stored checkpoint must not have passed a line missing from the file, every line
/// but a torn last one must be JSON, and the next start must cut that torn line; at the end the file holds
/// every event, nothing else, and exactly the repeats the kills left to be written again.
/// </summary>
public sealed class StreamedKillTests(ITestOutputHelper output)
{
    private const int Pages = 16;
    private const int MaxKills = 10;
    private const string Source = "spilling";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Killing_a_run_of_spilled_pages_loses_no_event_and_leaves_no_torn_line(bool dedupe)
    {
        var seed = TestSeed.Create(output);
        await using var api = await FakeVendorServer.StartAsync();
        // ~350-500 events of ~230 bytes: bodies over the 64 KiB stream threshold, lines over the 64 KiB
        // spool, so each page spills and goes out in ~10 parts of 16 KiB.
        var feed = new SpillingFeed(seed, Pages, 350, 500).Mount(api);
        Assert.True(feed.SmallestBody > 65536, "every page must be streamed");
        using var dir = new TempDir();
        using var spool = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              output:
                sync: true
            sources:
            {feed.SourceYaml(api, dedupe ? "    dedupe:\n      id_path: id" : "")}
            """);
        var file = dir.File("events.ndjson");
        var env = StreamedPages.Env(spool.Path);
        // One part in the output at a time: a page goes out as ~10 writes, each synced and acknowledged
        // before the next part is read from the spool, so kills land between its parts too.
        env["HELR_STREAM_OUTPUT_BYTES"] = "16384";

        var repeats = new List<int>(); // per kill: lines written for pages past the stored checkpoint
        var kills = 0;
        var checkpointed = 0;
        var lines = new List<string>();
        int? torn = null;
        for (var i = 0; i < MaxKills && checkpointed < Pages; i++)
        {
            var start = lines.Count;
            await using var helr = HelrProcess.Start($"run -c {config} --output {file}", dir.Path, env);
            await helr.WaitForStderrAsync("source(s), state", Timeout);
            var (trigger, maxDelay) = await KillPointAsync(helr, seed, feed, file, start, checkpointed);
            await Task.Delay(seed.Next(0, maxDelay + 1)); // vary where in the page the kill lands
            helr.Signal("KILL");
            var result = await helr.WaitAsync(Timeout);
            Assert.True(result.ExitCode == 137, $"{seed.Note}: {result}");
            kills++;
            if (torn is not null) AssertCut(result.Stderr, torn.Value, seed);

            // The spool files were unlinked when created: a kill leaves nothing behind.
            Assert.True(!Directory.EnumerateFileSystemEntries(spool.Path).Any(), $"{seed.Note}: spool files left after a kill");
            (lines, torn) = Read(file, seed);
            var was = checkpointed;
            checkpointed = await CheckpointedAsync(config, feed);
            Assert.True(checkpointed >= was, $"{seed.Note}: the checkpoint went back from page {was} to {checkpointed}");
            var written = lines.Select(Id).ToHashSet();
            var missing = Enumerable.Range(0, checkpointed).SelectMany(feed.PageIds).FirstOrDefault(id => !written.Contains(id));
            Assert.True(missing is null, $"{seed.Note}: checkpointed {checkpointed} pages, but {missing} (page {(missing is null ? 0 : feed.PageOf(missing))}) is not in the file");
            // Pages are written in order, so this run's lines past the checkpoint end the file.
            var again = lines.Skip(start).Select(Id).Where(id => feed.PageOf(id) >= checkpointed).ToList();
            var pages = string.Join(", ", again.GroupBy(feed.PageOf).Select(g => $"page {g.Key}: {g.Count()} of {feed.PageIds(g.Key).Count}"));
            output.WriteLine($"kill {kills} ({trigger}): {lines.Count - start} lines written, {checkpointed} pages checkpointed, " +
                $"{again.Count} lines past it ({pages}){(torn is null ? "" : $", torn last line of {torn} bytes")}");
            if (again.Count > 0 && torn is null && seed.Next(0, 2) == 0)
            {
                // As a power loss may: lose the tail not covered by a checkpoint, mid-line. Lines a checkpoint
                // covers were synced before it was stored, so only these may go; the restart writes them again.
                var keep = seed.Next(0, again.Count);
                torn = CutInside(file, lines.Count - again.Count + keep, seed);
                output.WriteLine($"  power loss simulated: {again.Count - keep} of them lost, the first of those torn to {torn} bytes");
                lines.RemoveRange(lines.Count - again.Count + keep, again.Count - keep);
                again.RemoveRange(keep, again.Count - keep);
            }
            repeats.Add(again.Count);
        }

        var last = await HelrProcess.RunAsync($"run --once -c {config} --output {file}", dir.Path, env: env, timeout: Timeout);
        Assert.True(last.ExitCode == 0, $"{seed.Note}: {last}");
        if (torn is not null) AssertCut(last.Stderr, torn.Value, seed);
        (lines, torn) = Read(file, seed);
        Assert.True(torn is null, $"{seed.Note}: the file ends in a partial line after a clean run");

        var dataset = feed.Ids.ToHashSet();
        var ids = lines.Select(Id).ToList();
        Assert.True(!dataset.Except(ids).Any(), $"{seed.Note}: lost {string.Join(", ", dataset.Except(ids).Take(20))}");
        Assert.True(!ids.Except(dataset).Any(), $"{seed.Note}: unknown {string.Join(", ", ids.Except(dataset).Take(20))}");
        var duplicates = ids.Count - dataset.Count;
        output.WriteLine($"dedupe {(dedupe ? "on" : "off")}: {kills} kills, {ids.Count} lines for {dataset.Count} events, {duplicates} duplicates " +
            $"(the kills left {repeats.Sum()} to repeat: {string.Join(" ", repeats)})");
        // Every repeat is a line written for a page past the stored checkpoint: the restart fetches that page
        // again (its dedupe ids are saved with the same checkpoint, so dedupe does not drop them either:
        // docs/state.md, "except for the batch in flight"). Nothing else repeats.
        Assert.True(duplicates == repeats.Sum(), $"{seed.Note}: {duplicates} duplicates, but the kills left {repeats.Sum()} lines past their checkpoints");
        // How many that is per kill: the pages written but not yet checkpointed. The checkpoint chain hands a
        // page to the output only once every page already acknowledged is checkpointed, so they are the pages
        // submitted while the oldest of them still waited for its write and sync. The design caps that only by
        // the output's memory (8 MiB queued, up to 8 MiB written before one sync: more than this whole
        // dataset), so a stalled disk could let every page through. Here the writer keeps up (a local file,
        // pages paced by the API): the spilled page being handed over and the page after it, two pages at
        // most in every run so far. The bound allows one more page per kill for a loaded machine.
        var bound = 3 * Enumerable.Range(0, Pages).Max(p => feed.PageIds(p).Count);
        Assert.True(repeats.All(r => r <= bound), $"{seed.Note}: a kill left {repeats.Max()} lines to repeat (bound {bound})");
    }

    // Waits for a moment chosen by the seed: the n-th page to spill (its body still arriving), the n-th to
    // end (its parts about to be handed over, written, synced and checkpointed, which takes milliseconds),
    // or a number of lines in the file. Returns what it waited for and how long the kill may wait after it.
    private static async Task<(string Trigger, int MaxDelayMs)> KillPointAsync(HelrProcess helr, TestSeed seed, SpillingFeed feed, string file, int linesBefore, int checkpointed)
    {
        // Every page from the checkpoint on is fetched, spilled and written again, so each point is reached.
        var left = Pages - checkpointed;
        var n = seed.Next(1, Math.Min(3, left) + 1);
        switch (seed.Next(0, 3))
        {
            case 0:
                await helr.WaitForStderrAsync("spilled to a temporary file until the page ends", n, Timeout);
                return ($"page {n} spilling", 20);
            case 1:
                await helr.WaitForStderrAsync("was streamed", n, Timeout);
                return ($"page {n} ended", 4);
            default:
                var owed = Enumerable.Range(checkpointed, left).Sum(p => feed.PageIds(p).Count);
                var target = linesBefore + seed.Next(1, Math.Min(owed, 2 * feed.PageIds(checkpointed).Count) + 1);
                await Eventually.WaitAsync(() => CountLines(file) >= target, Timeout, () => $"{seed.Note}: {CountLines(file)} of {target} lines\n{helr.Stderr}");
                return ($"{target - linesBefore} lines", 10);
        }
    }

    // Truncates the file inside its line <index> (0-based, whole lines counted); returns the bytes left of that line.
    private static int CutInside(string file, int index, TestSeed seed)
    {
        var bytes = File.ReadAllBytes(file);
        var start = 0;
        for (var i = 0; i < index; i++) start = Array.IndexOf(bytes, (byte)'\n', start) + 1;
        var length = Array.IndexOf(bytes, (byte)'\n', start) - start;
        var kept = seed.Next(1, length);
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
        stream.SetLength(start + kept);
        return kept;
    }

    private static async Task<int> CheckpointedAsync(string config, SpillingFeed feed)
    {
        var show = (await StateCli.ShowAsync(config, Source)).Split('\n');
        string? Value(string key) => show.FirstOrDefault(l => l.StartsWith($"  {key}: ", StringComparison.Ordinal))?[(key.Length + 4)..];
        return feed.CheckpointedPages(Value("cursor"), Value("watermark"));
    }

    // The file's whole lines, each of which must be JSON, and the length of what follows the last newline
    // (a line torn by the kill; null when there is none).
    private static (List<string> Lines, int? Torn) Read(string file, TestSeed seed)
    {
        var bytes = File.Exists(file) ? File.ReadAllBytes(file) : Array.Empty<byte>();
        var end = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        var lines = Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                using var _ = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"{seed.Note}: line {i + 1} of the file is not JSON ({ex.Message}): {lines[i][..Math.Min(200, lines[i].Length)]}");
            }
        }
        return (lines, end == bytes.Length ? null : bytes.Length - end);
    }

    private static void AssertCut(string stderr, int torn, TestSeed seed) =>
        Assert.True(stderr.Contains($"ended in a partial line of {torn} bytes", StringComparison.Ordinal),
            $"{seed.Note}: the start after a torn line of {torn} bytes did not cut it\n{stderr}");

    private static int CountLines(string file) => File.Exists(file) ? File.ReadAllBytes(file).AsSpan().Count((byte)'\n') : 0;

    private static string Id(string line)
    {
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("event").GetProperty("id").GetString()!;
    }
}
