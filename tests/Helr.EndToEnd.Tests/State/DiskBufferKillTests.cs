using System.Globalization;
using System.Text;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.State;

/// <summary>
/// Crash safety of <c>backpressure.strategy: disk_buffer</c> (docs/output.md): a continuous run writing into a
/// pipe is killed with SIGKILL while its consumer stalls (pages spilling), while the buffer is full
/// (<c>max_size_mb</c> reached, a page waiting for room) and while the consumer reads (the buffer being written
/// out), then restarted. After every kill, each event of a page before the stored checkpoint must be out already
/// or in the buffer's committed lines (acknowledged pages are never lost), and each run must write exactly the
/// buffer's leftovers first, then the pages from its checkpoint on, in order: nothing skipped, nothing repeated
/// but what the kill left to write again (the leftovers' lines already out, and pages past the checkpoint).
/// </summary>
public sealed class DiskBufferKillTests(ITestOutputHelper output)
{
    private const int Pages = 120;
    private const int PerPage = 40;
    private const int MaxKills = 8;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_a_run_that_spills_to_a_full_disk_buffer_loses_no_acknowledged_event()
    {
        var seed = TestSeed.Create(output);
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", Pages, PerPage, eventBytes: 600);
        using var dir = new TempDir();
        var spill = dir.File("spill/buffer");
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
              backpressure:
                enabled: true
                strategy: disk_buffer
                detection:
                  event_queue_size: 100
                disk_buffer:
                  path: {spill}
                  segment_size_mb: 1
                  max_size_mb: 2
            sources:
              s1:
                url: {api.Url}
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        var emitted = new List<string>(); // every whole line any run wrote, in order
        var left = new List<string>(); // the buffer's committed, unwritten lines after the last kill
        var checkpoint = 0;
        var kills = 0;
        for (var i = 0; i < MaxKills && checkpoint < Pages; i++)
        {
            var name = $"run{i}";
            var mode = seed.Next(0, 3);
            await using var helr = PipedHelr.StartGated(dir, $"run -c {config}", name);
            var reading = dir.File(name + ".out");
            string trigger;
            switch (mode)
            {
                case 0:
                    // The consumer stalls until the buffer cannot take two more pages: a page waits for room (unless
                    // the whole rest fitted in, and the poll ended).
                    await SpillingAsync(helr, seed);
                    await Eventually.WaitAsync(() => Full(spill) || PollEnded(helr), Timeout,
                        () => $"{seed.Note}: the buffer holds {SpillBytes(spill)} bytes\n{helr.Process.Stderr}");
                    trigger = $"buffer full ({SpillBytes(spill)} bytes)";
                    break;
                case 1:
                    // The consumer stalls; pages are being appended and acknowledged (until the buffer is full).
                    await SpillingAsync(helr, seed);
                    var requests = server.Requests.Count + seed.Next(1, 8);
                    await Eventually.WaitAsync(() => server.Requests.Count >= requests || Full(spill) || PollEnded(helr), Timeout,
                        () => $"{seed.Note}: buffer {Describe(spill)}\n{helr.Process.Stderr}");
                    trigger = "spilling";
                    break;
                default:
                    // The consumer reads: leftovers of the last run, then new pages, are written out.
                    helr.OpenGate(name);
                    var target = seed.Next(1, Math.Min(4 * PerPage, left.Count + (Pages - checkpoint) * PerPage) + 1);
                    await Eventually.WaitAsync(() => CountLines(reading) >= target, Timeout, () => $"{seed.Note}: {CountLines(reading)} of {target} lines read; buffer {Describe(spill)}\n{helr.Process.Stderr}");
                    trigger = $"{target} lines read";
                    break;
            }
            await Task.Delay(seed.Next(0, 20)); // vary where in the append or write the kill lands
            helr.Process.Signal("KILL");
            var result = await helr.Process.WaitAsync(Timeout);
            Assert.True(result.ExitCode == 137, $"{seed.Note}: {result}");
            kills++;
            helr.OpenGate(name); // the consumer reads what the pipe still holds
            await helr.FinishAsync(Timeout, name);
            var run = WholeLines(reading, seed, out var torn);

            var expected = left.Concat(PageIds(checkpoint)).ToList();
            AssertPrefix(expected, run, seed, $"run {i} ({trigger})");
            emitted.AddRange(run);
            checkpoint = await CheckpointAsync(config);
            left = BufferLines(spill);
            var written = emitted.ToHashSet();
            var lost = Enumerable.Range(0, checkpoint * PerPage).Select(n => PagedApi.Id("e", n)).FirstOrDefault(id => !written.Contains(id) && !left.Contains(id));
            Assert.True(lost is null, $"{seed.Note}: run {i} ({trigger}) stored checkpoint page {checkpoint}, but {lost} is neither out nor in the buffer");
            var again = run.Intersect(left).Count();
            var past = left.Concat(run).Count(id => Page(id) >= checkpoint);
            output.WriteLine($"kill {kills} ({trigger}): {run.Count} lines out{(torn ? " and a torn one" : "")}, checkpoint page {checkpoint}, " +
                $"{left.Count} lines left in the buffer ({again} of them already out), {past} lines out or left of pages past the checkpoint");
            // Lines out and still in the buffer are its first ones: those of the last write, whose position was not saved yet.
            Assert.True(left.Take(again).All(run.Contains), $"{seed.Note}: lines written by run {i} are in the buffer after lines it did not write");
        }

        await using (var last = PipedHelr.StartGated(dir, $"run --once -c {config}", "last"))
        {
            last.OpenGate("last");
            var (result, _) = await last.FinishAsync(Timeout, "last");
            Assert.True(result.ExitCode == 0, $"{seed.Note}: {result}");
            var run = WholeLines(dir.File("last.out"), seed, out var torn);
            Assert.False(torn, $"{seed.Note}: a clean run ended in a partial line");
            Assert.Equal(left.Concat(PageIds(checkpoint)), run);
            emitted.AddRange(run);
        }
        Assert.True(!SpillFiles(spill).Any(), $"{seed.Note}: run --once left {string.Join(", ", SpillFiles(spill))}");
        var dataset = api.Ids().ToList();
        Assert.True(!dataset.Except(emitted).Any(), $"{seed.Note}: lost {string.Join(", ", dataset.Except(emitted).Take(20))}");
        output.WriteLine($"{kills} kills, {emitted.Count} lines for {dataset.Count} events, {emitted.Count - dataset.Count} duplicates");
    }

    // Pages go to the disk: spilling began, or the run started with the last one's leftovers (which it writes first).
    private static Task SpillingAsync(PipedHelr helr, TestSeed seed) =>
        Eventually.WaitAsync(() => helr.Process.Stderr.Contains("spilling to the disk buffer", StringComparison.Ordinal)
            || helr.Process.Stderr.Contains("from an earlier run", StringComparison.Ordinal), Timeout, () => $"{seed.Note}\n{helr.Process.Stderr}");

    private static IEnumerable<string> PageIds(int from) => Enumerable.Range(from * PerPage, (Pages - from) * PerPage).Select(n => PagedApi.Id("e", n));

    private static int Page(string id) => int.Parse(id[2..], CultureInfo.InvariantCulture) / PerPage;

    // What the run wrote must be where the next start resumes: the buffer's lines first, then the pages from the checkpoint.
    private static void AssertPrefix(List<string> expected, List<string> run, TestSeed seed, string what)
    {
        var at = run.Zip(expected).Select((p, n) => (p, n)).FirstOrDefault(x => x.p.First != x.p.Second, ((default!, default!), -1)).n;
        if (at < 0 && run.Count <= expected.Count) return;
        Assert.Fail($"{seed.Note}: {what} wrote {(at < 0 ? run[expected.Count] : run[at])} at line {(at < 0 ? expected.Count : at)}, where " +
            $"{(at < 0 ? "nothing" : expected[at])} was due (buffer leftovers, then pages from the checkpoint)");
    }

    // The pipe's whole lines, each JSON; a line the kill cut in the pipe is not one (its event goes out again).
    private static List<string> WholeLines(string file, TestSeed seed, out bool torn)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        var end = text.LastIndexOf('\n') + 1;
        torn = end < text.Length;
        var ids = new List<string>();
        foreach (var line in text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                ids.Add(doc.RootElement.GetProperty("event").GetProperty("id").GetString()!);
            }
            catch (JsonException ex)
            {
                Assert.Fail($"{seed.Note}: a line is not JSON ({ex.Message}): {line[..Math.Min(200, line.Length)]}");
            }
        }
        return ids;
    }

    private static async Task<int> CheckpointAsync(string config)
    {
        var next = await StateCli.GetAsync(config, "s1", "next_url");
        if (next is null) return 0;
        var page = next[(next.LastIndexOf("page=", StringComparison.Ordinal) + 5)..];
        return int.Parse(page.TrimEnd('"'), CultureInfo.InvariantCulture);
    }

    private static IEnumerable<string> SpillFiles(string spill)
    {
        var prefix = Path.GetFileName(spill) + ".";
        return Directory.EnumerateFiles(Path.GetDirectoryName(spill)!)
            .Where(f => Path.GetFileName(f).StartsWith(prefix, StringComparison.Ordinal) && Path.GetFileName(f)[prefix.Length..].All(char.IsAsciiDigit));
    }

    private static string Describe(string spill) =>
        string.Join(", ", SpillFiles(spill).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} bytes")) +
        (File.Exists(spill + ".pos") ? $", .pos {File.ReadAllText(spill + ".pos").Trim()}" : "");

    private static long SpillBytes(string spill) => SpillFiles(spill).Sum(f => new FileInfo(f).Length);

    private const long MaxBytes = 2 << 20;

    private const long PageBytes = PerPage * 800; // 600-byte events in their envelopes, rounded up

    private static bool Full(string spill) => SpillBytes(spill) + 2 * PageBytes > MaxBytes;

    private static bool PollEnded(PipedHelr helr) => helr.Process.Stderr.Contains("poll ok: s1", StringComparison.Ordinal);

    // The lines the next start writes first, read as docs/output.md describes the files: segments in order from
    // <path>.pos (segment and offset), each append ending in an empty line, a torn last append cut off.
    private static List<string> BufferLines(string spill)
    {
        var pos = File.Exists(spill + ".pos") ? File.ReadAllText(spill + ".pos").Split(' ', StringSplitOptions.TrimEntries) : ["0", "0"];
        var (posSeq, posOffset) = (long.Parse(pos[0], CultureInfo.InvariantCulture), long.Parse(pos[1], CultureInfo.InvariantCulture));
        var segments = SpillFiles(spill).Select(f => (Seq: long.Parse(Path.GetFileName(f)[(Path.GetFileName(spill).Length + 1)..], CultureInfo.InvariantCulture), File: f))
            .Where(s => s.Seq >= posSeq).OrderBy(s => s.Seq).ToList();
        var text = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var bytes = File.ReadAllBytes(segments[i].File);
            var end = bytes.Length;
            if (i == segments.Count - 1)
            {
                var mark = bytes.AsSpan().LastIndexOf("\n\n"u8);
                end = mark < 0 ? 0 : mark + 2;
            }
            var start = segments[i].Seq == posSeq ? (int)Math.Min(posOffset, end) : 0;
            text.Append(Encoding.UTF8.GetString(bytes, start, end - start));
        }
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();
    }

    private static int CountLines(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllBytes(file).AsSpan().Count((byte)'\n') : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
