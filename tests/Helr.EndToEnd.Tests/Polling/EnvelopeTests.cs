using System.Globalization;
using Helr.EndToEnd.Tests.Support;
using Helr.PluginSdk.Testing;
using Xunit;

namespace Helr.EndToEnd.Tests.Polling;

/// <summary>The NDJSON envelope: key order, the event's bytes as sent, ts, meta.id and the source label.</summary>
public sealed class EnvelopeTests
{
    private static async Task<HelrResult> CollectAsync(string body, string sourceKeys = "", string globalKeys = "")
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v1/logs", _ => FakeResponse.Json(body));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $"""
            global:
              log_level: info
            {globalKeys}
            sources:
              okta:
                url: {api.Url("/api/v1/logs?limit=5")}
            {sourceKeys}
            """);
        var result = await HelrProcess.RunOnceAsync(config, dir);
        return result;
    }

    [Fact]
    public async Task Keys_come_in_order_ts_source_endpoint_event_meta()
    {
        var result = await CollectAsync("""[{"published":"2024-05-01T10:00:00.000Z","id":"1"}]""");
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("""{"ts":"2024-05-01T10:00:00.000Z","source":"okta","endpoint":"/api/v1/logs","event":{"published":"2024-05-01T10:00:00.000Z","id":"1"},"meta":{}}""", line);
    }

    // Some APIs take their key as a part of the path (Telegram's /bot<token>/getUpdates): the envelope's
    // endpoint is the url's path, so every line written, and shipped on to the SIEM, carried the key
    // that Helr's log and errors cut out.
    [Fact]
    public async Task A_key_in_the_urls_path_is_cut_out_of_the_endpoint()
    {
        const string token = "123456:AAH-pathKey-9f8e7d6c";
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet($"/bot{token}/getUpdates", _ => FakeResponse.Json("""[{"id":"1"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            sources:
              telegram:
                url: {{api.Url("/bot")}}${TELEGRAM_BOT_TOKEN}/getUpdates
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path, env: new Dictionary<string, string?> { ["TELEGRAM_BOT_TOKEN"] = token });

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"endpoint\":\"/bot[REDACTED]/getUpdates\"", line);
        Assert.DoesNotContain("pathKey", result.Stdout + result.Stderr);
    }

    // The endpoint was cut with every form of the source's credentials of 4 characters or more: a Basic
    // password "logs" turned every line's /api/v1/logs into /api/v1/[REDACTED], which garbled the field
    // and told whoever read it the password. A key worth hiding in a path is long (Telegram's, above).
    [Fact]
    public async Task A_short_credential_that_is_also_a_word_of_the_path_leaves_the_endpoint_as_it_is()
    {
        await using var api = await FakeVendorServer.StartAsync();
        api.OnGet("/api/v1/logs", _ => FakeResponse.Json("""[{"id":"1"}]"""));
        using var dir = new TempDir();
        var config = dir.Write("helr.yaml", $$"""
            sources:
              okta:
                url: {{api.Url("/api/v1/logs")}}
                auth:
                  type: basic
                  user_env: E2E_USER
                  password_env: E2E_PASSWORD
            """);

        var result = await HelrProcess.RunAsync($"run --once -c {config}", dir.Path,
            env: new Dictionary<string, string?> { ["E2E_USER"] = "svc-helr", ["E2E_PASSWORD"] = "logs" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"endpoint\":\"/api/v1/logs\"", line);
    }

    [Fact]
    public async Task Event_bytes_are_copied_exactly_as_the_api_sent_them()
    {
        string[] events =
        {
            """{"n":1.0e3,"big":123456789012345678901234567890,"neg":-0.0,"f":1.50,"e":2E-7}""",
            """{"u":"caf\u00e9 \ud83d\ude00","raw":"café 😀","esc":"a\/b\"c\\d\te","html":"<b>&amp;</b>'"}""",
            """{ "spaced" : [ 1 , 2 ] ,	"tab" : true , "nested" : { "z" : null , "a" : {} } }""",
            "\"just a string\"",
            "42",
            "[1,[2,[3]]]",
        };
        var result = await CollectAsync("[" + string.Join(",", events) + "]");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(events.Length, lines.Length);
        for (var i = 0; i < events.Length; i++)
            Assert.Contains("\"event\":" + events[i] + ",\"meta\":", lines[i]);
        Assert.Equal(events.Length, result.Lines.Count);
    }

    [Fact]
    public async Task A_pretty_printed_response_still_gives_one_line_per_event()
    {
        const string body = """
            {
              "data": [
                {
                  "id": "p1",
                  "message": "two  spaces\nand an escaped newline",
                  "tags": [
                    "a",
                    "b"
                  ]
                },
                {
                  "id": "p2",
                  "nested": { "deep": { "value": 1.0e3 } }
                }
              ]
            }
            """;
        var result = await CollectAsync(body);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("""
            "event":{"id":"p1","message":"two  spaces\nand an escaped newline","tags":["a","b"]}
            """, lines[0]);
        Assert.Contains("""
            "event":{"id":"p2","nested":{"deep":{"value":1.0e3}}}
            """, lines[1]);
    }

    [Fact]
    public async Task Ts_comes_from_timestamp_field_when_configured()
    {
        var result = await CollectAsync(
            """[{"published":"2024-01-01T00:00:00Z","meta":{"occurred":"2024-02-02T02:02:02+01:00"}},{"published":"2024-03-03T00:00:00Z"}]""",
            "    transform:\n      timestamp_field: meta.occurred");
        Assert.Equal("2024-02-02T02:02:02+01:00", result.Lines[0].GetProperty("ts").GetString());
        // Where the configured field is missing, the fallback list applies.
        Assert.Equal("2024-03-03T00:00:00Z", result.Lines[1].GetProperty("ts").GetString());
    }

    [Theory]
    [InlineData("""{"published":"P","timestamp":"T","ts":"S","created_at":"C"}""", "P")]
    [InlineData("""{"created_at":"C","ts":"S","timestamp":"T"}""", "T")]
    [InlineData("""{"created_at":"C","ts":"S"}""", "S")]
    [InlineData("""{"created_at":"C"}""", "C")]
    [InlineData("""{"published":"","timestamp":7,"ts":"S"}""", "S")]
    public async Task Ts_falls_back_to_published_timestamp_ts_created_at(string evt, string expected)
    {
        var result = await CollectAsync("[" + evt + "]");
        Assert.Equal(expected, Assert.Single(result.Lines).GetProperty("ts").GetString());
    }

    [Fact]
    public async Task Ts_is_now_when_no_time_field_is_present()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var result = await CollectAsync("""[{"id":"no-time","time":12345}]""");
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        var ts = Assert.Single(result.Lines).GetProperty("ts").GetString()!;
        var parsed = DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        Assert.InRange(parsed, before, after);
    }

    [Fact]
    public async Task Meta_id_comes_from_id_field_when_it_is_a_string()
    {
        var result = await CollectAsync(
            """[{"actor":{"uuid":"u-1"}},{"actor":{"uuid":7}},{"other":1}]""",
            "    transform:\n      id_field: actor.uuid");
        Assert.Equal("""{"id":"u-1"}""", result.Lines[0].GetProperty("meta").GetRawText());
        Assert.Equal("{}", result.Lines[1].GetProperty("meta").GetRawText());
        Assert.Equal("{}", result.Lines[2].GetProperty("meta").GetRawText());
    }

    [Fact]
    public async Task Global_source_label_key_renames_the_label()
    {
        var result = await CollectAsync("""[{"id":"1"}]""", globalKeys: "  source_label_key: collector\n  source_label_value: helr-prod");
        var line = Assert.Single(result.Lines);
        Assert.Equal(new[] { "ts", "collector", "endpoint", "event", "meta" }, line.EnumerateObject().Select(p => p.Name));
        // The global value labels helr's own logs; each line is labelled with its source.
        Assert.Equal("okta", line.GetProperty("collector").GetString());
    }

    [Fact]
    public async Task Source_label_key_and_value_override_per_source()
    {
        var result = await CollectAsync("""[{"id":"1"}]""",
            "    source_label_key: log_source\n    source_label_value: okta-production",
            "  source_label_key: collector");
        var line = Assert.Single(result.Lines);
        Assert.Equal(new[] { "ts", "log_source", "endpoint", "event", "meta" }, line.EnumerateObject().Select(p => p.Name));
        Assert.Equal("okta-production", line.GetProperty("log_source").GetString());
    }
}
