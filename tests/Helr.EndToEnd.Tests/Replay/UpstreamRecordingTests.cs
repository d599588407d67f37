using System.Text;
using Helr.EndToEnd.Tests.Support;
using Xunit;

namespace Helr.EndToEnd.Tests.Replay;

/// <summary>Recordings written by hand in upstream Helr's format (url, status, headers, body_base64 only).</summary>
public sealed class UpstreamRecordingTests
{
    // Nothing listens there: every answer must come from the recording.
    private const string Api = "http://127.0.0.1:9";

    [Fact]
    public async Task An_upstream_format_recording_replays_with_its_link_pages()
    {
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        var result = await HelrProcess.RunAsync($"run --once -c {Config(dir)} --replay-dir {rec}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        // Every page, in order: the links of the recorded pages were followed to the last one.
        Assert.Equal(new[] { "u1", "u2", "u3" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task An_upstream_recording_of_an_oauth2_source_replays_every_page_without_its_token_endpoint()
    {
        // Upstream records data pages only: the token request finds no answer of its own, and took the
        // first data page for one (its token unreadable, the source failed, or its page was lost).
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        var config = dir.Write("helr.yaml", $"""
            {dir.SqliteStateGlobal}
            sources:
              my.source:
                url: {Api}/events
                pagination:
                  strategy: link_header
                auth:
                  type: oauth2
                  token_url: {Api}/oauth/token
                  client_id_env: UP_CLIENT_ID
                  client_secret_env: UP_CLIENT_SECRET
            """);
        var result = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {rec}", dir.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { "u1", "u2", "u3" }, result.Lines.EventField("id"));
    }

    [Fact]
    public async Task A_truncated_recording_fails_naming_the_source_the_request_and_the_file()
    {
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        var second = Path.Combine(rec, "my_source", "001.json");
        var text = File.ReadAllText(second);
        File.WriteAllText(second, text[..(text.Length / 2)]);
        var result = await HelrProcess.RunAsync($"run --once -c {Config(dir)} --replay-dir {rec}", dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"replay of source \"my.source\", GET {Api}/events: bad recording {second}: not valid JSON (truncated?)", result.Stderr);
    }

    [Fact]
    public async Task A_request_the_recording_has_no_answer_for_fails_naming_it_and_the_next_recorded_one()
    {
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        // Our own format: a recorded request to /events, replayed by a source that asks for /other.
        File.WriteAllText(Path.Combine(rec, "my_source", "000.json"), $$"""
            {"url":"{{Api}}/events","status":200,"headers":{},"body_base64":"W10=","method":"GET","request_url":"{{Api}}/events"}
            """);
        File.Delete(Path.Combine(rec, "my_source", "001.json"));
        var config = Config(dir);
        File.WriteAllText(config, File.ReadAllText(config).Replace("/events", "/other?key=s3cr3t-value"));
        var result = await HelrProcess.RunAsync($"run --once -c {config} --replay-dir {rec}", dir.Path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"replay of source \"my.source\": no recorded response for GET {Api}/other?… in {Path.Combine(rec, "my_source")} (the next unused one is 000.json for GET {Api}/events)", result.Stderr);
        Assert.DoesNotContain("s3cr3t-value", result.Stderr);
    }

    [Fact]
    public async Task A_source_without_recordings_fails_and_a_folder_without_any_is_refused_at_start()
    {
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        File.WriteAllText(dir.File("helr.yaml"), File.ReadAllText(Config(dir)).Replace("my.source:", "other:"));
        var missing = await HelrProcess.RunAsync($"run --once -c {dir.File("helr.yaml")} --replay-dir {rec}", dir.Path);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"replay of source \"other\", GET {Api}/events: no recording for the source (no *.json in {Path.Combine(rec, "other")})", missing.Stderr);

        Directory.CreateDirectory(dir.File("empty"));
        var empty = await HelrProcess.RunAsync($"run --once -c {dir.File("helr.yaml")} --replay-dir {dir.File("empty")}", dir.Path);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains($"error: --replay-dir {dir.File("empty")}: no recordings (expected <source>/NNN.json files)", empty.Stderr);
    }

    [Fact]
    public async Task A_continuous_replay_reloads_its_config_without_the_secrets_it_was_recorded_with()
    {
        using var dir = new TempDir();
        var rec = WriteUpstreamRecording(dir);
        var config = Config(dir);
        // As at start, a reload must not need the token: the recording answers every request.
        File.WriteAllText(config, File.ReadAllText(config)
            .Replace("      strategy: link_header", "      strategy: link_header\n    auth: { type: bearer, token_env: E2E_REPLAY_UNSET_TOKEN }\n    schedule: { interval_secs: 3600 }"));
        // By SIGHUP: a replay serves no REST API (docs/replay.md).
        await using var helr = HelrProcess.Start($"run -c {config} --replay-dir {rec}", dir.Path, new Dictionary<string, string?> { ["E2E_REPLAY_UNSET_TOKEN"] = null });
        await helr.WaitForLinesAsync(3, TimeSpan.FromSeconds(60));

        File.WriteAllText(config, File.ReadAllText(config).Replace("interval_secs: 3600", "interval_secs: 3500"));
        helr.Signal("HUP");
        await helr.WaitForStderrAsync("config reloaded (SIGHUP)", TimeSpan.FromSeconds(30));
        Assert.Contains("restarted [my.source]", helr.Stderr);
        Assert.DoesNotContain("rejected", helr.Stderr);
    }

    private static string Config(TempDir dir)
    {
        var path = dir.File("helr.yaml");
        if (!File.Exists(path))
        {
            dir.Write("helr.yaml", $"""
                {dir.SqliteStateGlobal}
                sources:
                  my.source:
                    url: {Api}/events
                    pagination:
                      strategy: link_header
                """);
        }
        return path;
    }

    /// <summary>Two pages as upstream writes them: the first links to the second, by absolute URL.</summary>
    private static string WriteUpstreamRecording(TempDir dir)
    {
        var folder = Directory.CreateDirectory(dir.File("rec/my_source")).FullName;
        Page(folder, "000.json", $"{Api}/events", """[{"id":"u1"},{"id":"u2"}]""", $"<{Api}/events?page=2>; rel=\"next\"");
        Page(folder, "001.json", $"{Api}/events?page=2", """[{"id":"u3"}]""", null);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "ignored: not .json");
        return dir.File("rec");
    }

    private static void Page(string folder, string name, string url, string body, string? link)
    {
        var headers = link is null ? "" : $",\n    \"link\": \"{link.Replace("\"", "\\\"")}\"";
        File.WriteAllText(Path.Combine(folder, name), $$"""
            {
              "url": "{{url}}",
              "status": 200,
              "headers": {
                "content-type": "application/json"{{headers}}
              },
              "body_base64": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(body))}}"
            }
            """);
    }
}
