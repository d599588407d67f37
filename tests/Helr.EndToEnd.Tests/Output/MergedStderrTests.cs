using System.Text.Json;
using System.Text.RegularExpressions;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Output;

/// <summary>
/// Events and logs in one pipe (<c>helr run 2&gt;&amp;1 | shipper</c>, <c>--output /dev/stderr</c>, a container
/// runtime that merges the two) read by a shipper slower than helr writes: the pipe fills again and again
/// while a log line is written for every page, and every event line still arrives whole.
/// </summary>
public sealed partial class MergedStderrTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    // The last two: a log line longer than the console's 256-character buffer, which the runtime writes in
    // several writes (a long source id is in it), so an event written between two of them would split it.
    [Theory]
    [InlineData("> >(READER) 2>&1", "pretty", 0)]
    [InlineData("> >(READER) 2>&1", "json", 0)]
    [InlineData("-o /dev/stderr 2> >(READER) >/dev/null", "pretty", 0)]
    [InlineData("> >(READER) 2>&1", "pretty", 400)]
    [InlineData("-o /dev/stderr 2> >(READER) >/dev/null", "json", 400)]
    public async Task A_log_line_written_while_the_shared_pipe_is_full_lands_between_event_lines(string redirection, string logFormat, int idLength)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 40, perPage: 50);
        var id = "s1" + new string('x', idLength);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              {id}:
                url: {api.Url}
                pagination:
                  strategy: link_header
                  max_pages: 1000
            """);
        // A slow reader: one pipe buffer's worth of room at a time, so the 1 MiB writes of events go through in
        // parts, and the "page fetched" debug line of each page is written while one of them waits.
        var (output, done) = (dir.File("reader.out"), dir.File("reader.done"));
        var reader = $"while :; do dd bs=4096 count=1 status=none of=chunk; [ -s chunk ] || break; cat chunk >> '{output}'; sleep 0.002; done; touch '{done}'";
        var env = new Dictionary<string, string?> { ["HELR_LOG_FORMAT"] = logFormat };
        await using var helr = HelrProcess.Start("/bin/bash", $"-c \"exec '{RepoPaths.Helr}' run --once -v -c {config} {redirection.Replace("READER", reader)}\"", dir.Path, env, false);
        var result = await helr.WaitAsync(Timeout);
        await PipedHelr.WaitForFileAsync(done, Timeout);
        var lines = File.ReadAllText(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(lines, l => l.Contains("page fetched") && l.Length > idLength);
        // Before: a log line written mid-event split it: "{…"pad":"xxx2026-…Z DBUG s1: page fetched…" and "xxx…"}}".
        var broken = lines.Where(l => !PrettyLogLine().IsMatch(l) && !IsJson(l)).ToList();
        Assert.True(broken.Count == 0, $"{broken.Count} broken lines, the first: {broken.FirstOrDefault()}");
        var ids = lines.Where(l => l.StartsWith("{\"", StringComparison.Ordinal) && IsJson(l))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("event", out var ev) && ev.ValueKind == JsonValueKind.Object)
            .Select(e => e.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(api.Ids(), ids);
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [A-Z]{4} ")]
    private static partial Regex PrettyLogLine();
}
