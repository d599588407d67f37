using System.Text;
using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Http;

/// <summary>Responses no API should send: each ends in the configured behaviour with a clear log line.</summary>
public sealed class HostileResponseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<HelrResult> RunAsync(FakeVendorServer server, string extra, TempDir dir)
    {
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {server.Url("/logs")}
            {extra}
            """);
        return await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, timeout: Timeout);
    }

    private static string Indent(string keys) => string.Join('\n', keys.Split('\n').Select(l => "    " + l));

    [Theory]
    [InlineData("replace", "caf\uFFFD")]
    [InlineData("escape", "caf\\xE9")]
    public async Task Invalid_utf8_is_repaired_as_configured(string policy, string expected)
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Raw([.. "[{\"id\":\"a1\",\"msg\":\"caf"u8, 0xE9, .. "\"}]"u8]));
        using var dir = new TempDir();
        var result = await RunAsync(server, Indent($"on_invalid_utf8: {policy}"), dir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Lines.Single().GetProperty("event").GetProperty("msg").GetString());
        Assert.Contains("invalid UTF-8", result.Stderr);
    }

    [Theory]
    [InlineData("on_invalid_utf8: fail\non_parse_error: skip", 1, "not valid UTF-8")]
    [InlineData("on_parse_error: skip", 0, "not valid UTF-8")]
    [InlineData("on_parse_error: fail", 1, "not valid UTF-8")]
    public async Task Invalid_utf8_fails_or_skips_the_page(string keys, int exitCode, string log)
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Raw([.. "[{\"id\":\"a1\",\"msg\":\"caf"u8, 0xE9, .. "\"}]"u8]));
        using var dir = new TempDir();
        var result = await RunAsync(server, Indent(keys), dir);
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Empty(result.Lines);
        Assert.Contains(log, result.Stderr);
    }

    [Fact]
    public async Task Max_line_bytes_truncate_keeps_valid_json_within_the_limit()
    {
        await using var server = await FakeVendorServer.StartAsync();
        var big = new string('é', 3000);
        server.OnGet("/logs", _ => FakeResponse.Json($$"""[{"id":"small"},{"id":"big","text":"{{big}}\"quoted\""}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(server, Indent("max_line_bytes: 1000\nmax_line_bytes_behavior: truncate\ntransform:\n  id_field: id"), dir);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 1000, $"{Encoding.UTF8.GetByteCount(l)} bytes"));
        var truncated = JsonDocument.Parse(lines[1]).RootElement;
        Assert.True(truncated.GetProperty("meta").GetProperty("truncated").GetBoolean());
        Assert.Equal("big", truncated.GetProperty("meta").GetProperty("id").GetString());
        var evt = truncated.GetProperty("event");
        Assert.True(evt.GetProperty("original_bytes").GetInt32() > 6000);
        Assert.StartsWith("{\"id\":\"big\",\"text\":\"éé", evt.GetProperty("prefix").GetString());
        Assert.Contains("truncated", result.Stderr);
    }

    [Fact]
    public async Task Max_line_bytes_skip_drops_and_counts_the_event()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json($$"""[{"id":"small"},{"id":"big","text":"{{new string('x', 5000)}}"},{"id":"after"}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(server, Indent("max_line_bytes: 1000\nmax_line_bytes_behavior: skip"), dir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "small", "after" }, result.Lines.EventField("id"));
        Assert.Equal(1, Summary.Dropped(result.Stderr, "s1", "max_line_bytes"));
    }

    [Fact]
    public async Task Max_line_bytes_fail_fails_the_page_before_any_of_it_is_written()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json($$"""[{"id":"small"},{"id":"big","text":"{{new string('x', 5000)}}"}]"""));
        using var dir = new TempDir();
        var result = await RunAsync(server, Indent("max_line_bytes: 1000"), dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Contains("exceeds max_line_bytes (1000)", result.Stderr);
    }

    public static TheoryData<string, FakeResponse, string> Unparseable => new()
    {
        { "html", FakeResponse.Text("<!DOCTYPE html><html><body>Sign in</body></html>", 200, "text/html"), "looks like HTML" },
        { "nested", FakeResponse.Json("{\"items\":[" + new string('[', 100_000) + new string(']', 100_000) + "]}"), "maximum" },
        { "ends mid-event", FakeResponse.Json("""[{"id":"a1"},{"id":"a2","actor":{"na"""), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Unparseable))]
    public async Task Unparseable_pages_are_skipped_or_fail_as_configured(string name, FakeResponse response, string log)
    {
        foreach (var (policy, exit, verb) in new[] { ("skip", 0, "skipping a page"), ("fail", 1, "poll failed") })
        {
            await using var server = await FakeVendorServer.StartAsync();
            server.OnGet("/logs", _ => response);
            using var dir = new TempDir();
            var result = await RunAsync(server, Indent($"on_parse_error: {policy}"), dir);
            Assert.True(result.ExitCode == exit, $"{name}/{policy}: {result}");
            Assert.Empty(result.Lines);
            Assert.Contains(verb, result.Stderr);
            Assert.Contains(log, result.Stderr);
        }
    }

    [Fact]
    public async Task A_connection_that_drops_mid_body_fails_the_page_and_emits_nothing()
    {
        await using var server = await FakeVendorServer.StartAsync();
        server.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a1"},{"id":"a2"},{"id":"a3"}]""") with { AbortAfterBytes = 20 });
        using var dir = new TempDir();
        var result = await RunAsync(server, "", dir);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Lines);
        Assert.Contains("poll failed", result.Stderr);
    }

    [Fact]
    public async Task A_2_GB_body_stops_at_max_response_bytes_without_reading_or_holding_it()
    {
        await using var server = await FakeVendorServer.StartAsync();
        long sent = 0;
        server.OnGet("/logs", _ => GeneratedBody.JsonArray(2L * 1024 * 1024 * 1024, n => Interlocked.Exchange(ref sent, n)));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            sources:
              s1:
                url: {server.Url("/logs")}
                max_response_bytes: 8388608
                schedule:
                  interval_secs: 3600
            """);
        // Continuous, so the process is still there to be measured after the page failed.
        await using var helr = HelrProcess.Start($"run -c {config}", dir.Path);
        await helr.WaitForStderrAsync("poll failed: s1: ", Timeout);
        Assert.Contains(helr.Stderr.Split('\n'), l => l.Contains("poll failed: s1: ", StringComparison.Ordinal) && l.Contains("max_response_bytes", StringComparison.Ordinal));
        var peakKb = long.Parse(File.ReadAllLines($"/proc/{helr.Pid}/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.True(peakKb < 300 * 1024, $"peak RSS {peakKb} KB");
        Assert.True(Interlocked.Read(ref sent) < 512L * 1024 * 1024, $"server sent {Interlocked.Read(ref sent)} bytes");
        Assert.Equal("", helr.Stdout);
    }
}
