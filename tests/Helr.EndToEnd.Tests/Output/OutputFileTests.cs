using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Helr.EndToEnd.Tests.Output;

/// <summary>
/// Whole lines in the output file, also across crashes and shared descriptors: stdout redirected to a
/// file shared with stderr, SIGKILL mid-write with events larger than any write buffer, a fragment
/// left by an earlier run, and a second helr on the same file.
/// </summary>
public sealed class OutputFileTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Config(string url, string global = "global:\n  log_level: info") => $"""
        {global}
        sources:
          s1:
            url: {url}
            pagination:
              strategy: link_header
              max_pages: 1000
        """;

    [Theory]
    [InlineData("")]
    [InlineData("-o /dev/stdout")] // the sink opens the file again: it must append as the shared descriptor does
    [InlineData("-o /dev/stderr")]
    public async Task Stdout_redirected_to_a_file_with_stderr_at_debug_level_keeps_every_event(string outputFlag)
    {
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/logs", pages: 40, perPage: 30, eventBytes: 300);
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api.Url));
        var file = dir.File("all.out");
        var result = await HelrProcess.RunProgramAsync("/bin/bash", $"-c \"exec '{RepoPaths.Helr}' run --once -v -c {config} {outputFlag} > {file} 2>&1\"", dir.Path, Timeout);
        Assert.True(result.ExitCode == 0, File.ReadAllText(file));
        var text = File.ReadAllText(file);
        Assert.Contains("output summary", text); // log lines written after the events shared the file
        var ids = text.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()).ToList();
        Assert.Equal(api.Ids(), ids);
    }

    [Fact]
    public async Task Repeated_sigkill_with_events_larger_than_any_buffer_leaves_only_whole_lines_and_loses_nothing()
    {
        var seed = TestSeed.Create(output);
        await using var server = await FakeVendorServer.StartAsync();
        var api = new PagedApi(server, "/big", pages: 30, perPage: 3, eventBytes: 200_000, delay: TimeSpan.FromMilliseconds(20));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(api.Url, dir.SqliteStateGlobal));
        var file = dir.File("events.ndjson");
        var kills = 0;
        for (var i = 0; i < 6 && !api.Finished; i++)
        {
            await using var helr = HelrProcess.Start($"run -c {config} -o {file}", dir.Path);
            await helr.WaitForStderrAsync("source(s), state", Timeout);
            // Wait for the file to grow, then kill somewhere inside a write of a 200 kB line.
            var start = File.Exists(file) ? new FileInfo(file).Length : 0;
            var growth = seed.Next(100_000, 1_500_000);
            await Eventually.WaitAsync(() => new FileInfo(file).Length > start + growth || api.Finished, Timeout, () => $"{seed.Note}\n{helr.Stderr}");
            helr.Signal("KILL");
            await helr.WaitAsync(Timeout);
            kills++;
        }
        var last = await HelrProcess.RunAsync($"run --once -c {config} -o {file}", dir.Path, timeout: Timeout);
        Assert.True(last.ExitCode == 0, last.ToString());
        var ids = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetProperty("id").GetString()!).ToList();
        output.WriteLine($"{kills} kills, {ids.Count} lines for {api.Total} events; {(last.Stderr.Contains("partial line") ? "a fragment was cut" : "no fragment")}");
        Assert.True(!api.Ids().Except(ids).Any(), $"{seed.Note}: lost {string.Join(", ", api.Ids().Except(ids))}");
    }

    [Fact]
    public async Task A_fragment_left_at_the_end_of_the_file_is_cut_off_before_appending()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"new"}]"""));
        using var dir = new TempDir();
        var file = dir.Write("events.ndjson", "{\"old\":true}\n{\"torn\":");
        var result = await HelrProcess.RunAsync($"run --once -c {dir.Write("helr.yaml", Config(server.Url("/logs")))} -o {file}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ended in a partial line of 8 bytes", result.Stderr);
        var lines = File.ReadAllLines(file);
        Assert.Equal("{\"old\":true}", lines[0]);
        Assert.Equal("new", JsonDocument.Parse(lines[1]).RootElement.GetProperty("event").GetProperty("id").GetString());
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task A_fragment_at_the_end_of_stdout_appended_to_a_file_gets_a_newline_before_the_first_event()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"new"}]"""));
        using var dir = new TempDir();
        var file = dir.Write("events.ndjson", "{\"old\":true}\n{\"torn\":");
        var config = dir.Write("helr.yaml", Config(server.Url("/logs")));
        var result = await HelrProcess.RunProgramAsync("/bin/bash", $"-c \"exec '{RepoPaths.Helr}' run --once -c {config} >> {file}\"", dir.Path, Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("stdout (a file) ended in a partial line", result.Stderr);
        // Not cut (the file is not helr's alone): the fragment stays, on a line of its own.
        var lines = File.ReadAllLines(file);
        Assert.Equal(new[] { "{\"old\":true}", "{\"torn\":" }, lines[..2]);
        Assert.Equal(3, lines.Length);
        Assert.Equal("new", JsonDocument.Parse(lines[2]).RootElement.GetProperty("event").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_second_helr_on_the_same_output_file_is_refused_naming_the_first()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(server.Url("/logs")));
        var file = dir.File("events.ndjson");
        await using var first = HelrProcess.Start($"run -c {config} -o {file}", dir.Path);
        await first.WaitForStderrAsync("source(s), state", Timeout);
        var second = await HelrProcess.RunAsync($"run --once -c {config} -o {file}", dir.Path);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains($"another helr (pid {first.Pid}) is writing to it", second.Stderr);
        first.Signal("TERM");
        Assert.Equal(0, (await first.WaitAsync(Timeout)).ExitCode);
        // Once the first is gone the file is free again.
        var third = await HelrProcess.RunAsync($"run --once -c {config} -o {file}", dir.Path);
        Assert.True(third.ExitCode == 0, third.ToString());
    }

    [Fact]
    public async Task Two_helr_may_write_to_dev_null_and_it_is_never_rotated()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", Config(server.Url("/logs")));
        await using var first = HelrProcess.Start($"run -c {config} -o /dev/null", dir.Path);
        await first.WaitForStderrAsync("source(s), state", Timeout);
        // A device is no one's file: a second instance (a dry run beside the service, a benchmark) is not refused.
        var second = await HelrProcess.RunAsync($"run --once -c {config} -o /dev/null", dir.Path);
        Assert.True(second.ExitCode == 0, second.ToString());
        first.Signal("TERM");
        Assert.Equal(0, (await first.WaitAsync(Timeout)).ExitCode);
        // /dev/null can seek like a file, but renaming it away at a rotation is never what was meant.
        var rotated = await HelrProcess.RunAsync($"run --once -c {config} -o /dev/null --output-rotate size:1", dir.Path);
        Assert.Equal(1, rotated.ExitCode);
        Assert.Contains("cannot open output file \"/dev/null\": it is a pipe or a device", rotated.Stderr);
    }
}
