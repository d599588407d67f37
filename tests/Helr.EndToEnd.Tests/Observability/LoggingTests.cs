using System.Text.Json;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Observability;

/// <summary>Helr's own logs on stderr: format, level, and which setting wins.</summary>
public sealed class LoggingTests
{
    private static async Task<HelrResult> RunAsync(string global, Dictionary<string, string?>? env = null, string flags = "")
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/logs", _ => FakeResponse.Json("""[{"id":"a1"},{"id":"a2"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
            {global}
            sources:
              s1:
                url: {api.Url("/logs")}
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config} {flags}", dir.Path, env: env);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static List<JsonElement> JsonLines(string stderr) =>
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task A_json_log_line_carries_the_message_as_the_pretty_format_shows_it()
    {
        var result = await RunAsync("  log_format: json\n  source_label_value: collector-7");
        var lines = JsonLines(result.Stderr);
        var poll = Assert.Single(lines, l => l.GetProperty("@m").GetString()!.StartsWith("poll ok", StringComparison.Ordinal));
        // No quotes around the source id, no stray "" where the optional duplicates part is empty.
        Assert.Equal("poll ok: s1 1 pages, 2 events", poll.GetProperty("@m").GetString());
        Assert.Equal("Information", poll.GetProperty("@l").GetString());
        Assert.Equal("s1", poll.GetProperty("SourceId").GetString());
        // The field a plugin's entries carry: one query on it finds every line about the source.
        Assert.Equal("s1", poll.GetProperty("source_id").GetString());
        Assert.Equal(2, poll.GetProperty("Events").GetInt32());
        Assert.All(lines, l => Assert.Equal("collector-7", l.GetProperty("source").GetString()));
        Assert.All(lines, l => Assert.True(DateTimeOffset.TryParse(l.GetProperty("@t").GetString(), out _)));
    }

    [Fact]
    public async Task HELR_LOG_LEVEL_overrides_the_file_and_quiet_overrides_both()
    {
        var fileOnly = await RunAsync("  log_level: error");
        Assert.DoesNotContain("poll ok", fileOnly.Stderr);

        var env = new Dictionary<string, string?> { ["HELR_LOG_LEVEL"] = "info" };
        var envWins = await RunAsync("  log_level: error", env);
        Assert.Contains("INFO poll ok: s1", envWins.Stderr);

        var quiet = await RunAsync("  log_level: error", env, "-q");
        Assert.DoesNotContain("poll ok", quiet.Stderr);
    }

    [Fact]
    public async Task Log_level_off_and_upstreams_numbers_set_the_level()
    {
        var off = await RunAsync("  log_level: off");
        Assert.Equal("", off.Stderr);

        Assert.Contains("INFO poll ok: s1", (await RunAsync("  log_level: 3")).Stderr);
        Assert.DoesNotContain("poll ok", (await RunAsync("  log_level: 1")).Stderr);

        var envOff = await RunAsync("  log_level: info", new Dictionary<string, string?> { ["HELR_LOG_LEVEL"] = "0" });
        Assert.Equal("", envOff.Stderr);
    }

    [Fact]
    public async Task HELR_LOG_FORMAT_overrides_the_file()
    {
        var result = await RunAsync("  log_format: pretty", new Dictionary<string, string?> { ["HELR_LOG_FORMAT"] = "json" });
        Assert.Contains(JsonLines(result.Stderr), l => l.GetProperty("@m").GetString() == "poll ok: s1 1 pages, 2 events");
    }

    /// <summary>Upstream's other switch to JSON logs: a deployment written for upstream sets it, and its log pipeline parses JSON.</summary>
    [Fact]
    public async Task RUST_LOG_JSON_1_selects_json_as_upstream_does()
    {
        var result = await RunAsync("  log_format: pretty", new Dictionary<string, string?> { ["RUST_LOG_JSON"] = "1" });
        Assert.Contains(JsonLines(result.Stderr), l => l.GetProperty("@m").GetString() == "poll ok: s1 1 pages, 2 events");

        var other = await RunAsync("  log_level: info", new Dictionary<string, string?> { ["RUST_LOG_JSON"] = "true" });
        Assert.Contains("INFO poll ok: s1", other.Stderr);
    }

    [Fact]
    public async Task Pretty_timestamps_are_utc_whatever_the_local_time_zone()
    {
        var result = await RunAsync("  log_level: info", new Dictionary<string, string?> { ["TZ"] = "Asia/Tokyo" });
        var line = result.Stderr.Split('\n').First(l => l.Contains("INFO poll ok", StringComparison.Ordinal));
        var stamp = DateTimeOffset.Parse(line[..line.IndexOf(' ')], System.Globalization.CultureInfo.InvariantCulture);
        // Local time with a Z would be 9 hours off.
        Assert.InRange((stamp - DateTimeOffset.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_misspelt_HELR_LOG_LEVEL_is_ignored_and_said_so()
    {
        var result = await RunAsync("  log_level: warn", new Dictionary<string, string?> { ["HELR_LOG_LEVEL"] = "loud" });
        Assert.Contains("WARN HELR_LOG_LEVEL=loud is not one of off, error, warn, info, debug, trace, 0-5; ignored", result.Stderr);
        // The file's level applies, not info.
        Assert.DoesNotContain("INFO ", result.Stderr);
    }
}
