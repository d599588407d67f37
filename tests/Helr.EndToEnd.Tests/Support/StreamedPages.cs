using System.Text;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// Bodies large enough to be streamed once helr's streaming sizes are shrunk (<see cref="Env"/>), with
/// multi-byte characters and escapes so that reads split sequences.
/// </summary>
public static class StreamedPages
{
    /// <summary>
    /// The internal sizes that make a body of a few hundred KB stream, spill its lines to a file and go
    /// out in several parts; spool files go to <paramref name="spoolDir"/>.
    /// </summary>
    public static Dictionary<string, string?> Env(string spoolDir) => new()
    {
        ["HELR_STREAM_THRESHOLD_BYTES"] = "65536",
        ["HELR_STREAM_SPOOL_BYTES"] = "65536",
        ["HELR_STREAM_PART_BYTES"] = "16384",
        ["HELR_STREAM_WINDOW_BYTES"] = "16384",
        ["HELR_STREAM_SPOOL_DIR"] = spoolDir,
        ["HELR_LOG_LEVEL"] = "debug",
    };

    /// <summary>One event; <paramref name="n"/> orders the timestamps.</summary>
    public static string Event(string id, int n) =>
        $$"""{"id":"{{id}}","published":"2024-05-01T{{n / 3600 % 24:00}}:{{n / 60 % 60:00}}:{{n % 60:00}}Z","msg":"h\u00e9llo w\u00f6rld \"q\" ✓ – ü {{new string('x', 120)}}"}""";

    /// <summary>The events <c>{prefix}-{from}</c> up to <c>{prefix}-{to - 1}</c>, comma-separated.</summary>
    public static string Events(string prefix, int from, int to) =>
        string.Join(",\n  ", Enumerable.Range(from, to - from).Select(i => Event($"{prefix}-{i}", i)));

    /// <summary>
    /// A source <c>audit</c> following <c>next</c> cursors at <c>/audit</c>, polled every second with dedupe, under
    /// <c>backpressure: block</c> with a small queue and a 2 s poll tick: a stalled consumer makes the tick cut a cycle.
    /// </summary>
    public static string BlockedCursorConfig(TempDir dir, FakeVendorServer api, int pollTickSecs = 2) => $"""
        {dir.SqliteStateGlobal}
          backpressure:
            enabled: true
            strategy: block
            detection:
              event_queue_size: 100
        sources:
          audit:
            url: {api.Url("/audit")}
            schedule:
              interval_secs: 1
            resilience:
              timeouts:
                poll_tick_secs: {pollTickSecs}
            dedupe:
              id_path: id
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
        """;

    /// <summary>A cursor page: <c>{"meta":…,"data":[…],"next":…}</c>.</summary>
    public static string CursorPage(string events, string next) =>
        new StringBuilder("{\"meta\":{\"kind\":\"audit\"},\"data\":[\n  ").Append(events).Append("\n],\"next\":\"").Append(next).Append("\"}").ToString();
}
