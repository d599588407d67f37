using System.Buffers;
using System.Text;
using System.Text.Json;
using Helr.Kernel.Polling;
using Xunit;
using Helr.Kernel.Output;

namespace Helr.Kernel.Tests.Polling;

public sealed class EnvelopeWriterTests
{
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
    }

    private static string Write(string evt, string? tsField = null, string? idField = null, string labelKey = "source")
    {
        var writer = new EnvelopeWriter(labelKey, "okta", tsField, idField, new FixedTime());
        var output = new ArrayBufferWriter<byte>();
        writer.Write(output, Encoding.UTF8.GetBytes(evt), "/api/v1/logs");
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Writes_keys_in_contract_order_and_one_line()
    {
        var line = Write("""{"uuid":"u1","published":"2024-01-15T12:00:00Z"}""", idField: "uuid");
        Assert.EndsWith("\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            """{"ts":"2024-01-15T12:00:00Z","source":"okta","endpoint":"/api/v1/logs","event":{"uuid":"u1","published":"2024-01-15T12:00:00Z"},"meta":{"id":"u1"}}""" + "\n",
            line);
    }

    [Theory]
    [InlineData("""{"date_create":1718125800}""", "date_create", "2024-06-11T17:10:00Z")]
    [InlineData("""{"@timestamp":1718125800123}""", "@timestamp", "2024-06-11T17:10:00.123Z")]
    [InlineData("""{"t":{"s":1718125800.5}}""", "t.s", "2024-06-11T17:10:00.500Z")]
    [InlineData("""{"date_create":-5}""", "date_create", "2026-11-24T06:00:00.000000+00:00")]
    public void A_numeric_timestamp_field_is_unix_time(string evt, string field, string ts)
    {
        using var doc = JsonDocument.Parse(Write(evt, tsField: field));
        Assert.Equal(ts, doc.RootElement.GetProperty("ts").GetString());
    }

    [Fact]
    public void Event_bytes_are_copied_unchanged()
    {
        const string evt = """{ "n": 1.0e3, "s": "caf\u00e9 \"q\"", "big": 12345678901234567890123 }""";
        var line = Write(evt);
        Assert.Contains("\"event\":" + evt + ",", line);
    }

    [Fact]
    public void Multi_line_events_lose_only_insignificant_whitespace()
    {
        var line = Write("{\n  \"a\": \"x  y\\n\",\n  \"b\": [1, 2]\n}");
        Assert.Contains("\"event\":{\"a\":\"x  y\\n\",\"b\":[1,2]}", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("""{"timestamp":"t2","published":"t1"}""", "t1")]
    [InlineData("""{"created_at":"t4","ts":"t3"}""", "t3")]
    [InlineData("""{"published":"","created_at":"t4"}""", "t4")]
    [InlineData("""{"published":5}""", "2026-11-24T06:00:00.000000+00:00")]
    [InlineData("""[1,2]""", "2026-11-24T06:00:00.000000+00:00")]
    public void Timestamp_falls_back_through_known_fields_then_now(string evt, string expected)
    {
        using var doc = JsonDocument.Parse(Write(evt));
        Assert.Equal(expected, doc.RootElement.GetProperty("ts").GetString());
    }

    [Fact]
    public void Configured_timestamp_and_label_key_win()
    {
        using var doc = JsonDocument.Parse(Write("""{"id":{"time":"t9"},"published":"t1"}""", tsField: "id.time", labelKey: "producer"));
        Assert.Equal("t9", doc.RootElement.GetProperty("ts").GetString());
        Assert.Equal("okta", doc.RootElement.GetProperty("producer").GetString());
        Assert.False(doc.RootElement.TryGetProperty("source", out _));
    }

    public static TheoryData<string> StringValues()
    {
        var printable = new string(Enumerable.Range(0x20, 0x5F).Select(c => (char)c).ToArray());
        return new() { "2024-01-15T12:00:00Z", printable, "a\"b", "a\\b", "caf\u00e9", "tab\there", "<&>'+`/", "\u2028", "\U0001F600", "\u007f" };
    }

    // ts and meta.id are copied as the API's tokens when that is safe; the line must read exactly as
    // if their values had been encoded, whether the API sent them escaped or as raw UTF-8.
    [Theory]
    [MemberData(nameof(StringValues))]
    public void Ts_and_id_read_as_their_encoded_values(string value)
    {
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var encoded = JsonSerializer.Serialize(value, relaxed);
        foreach (var token in new[] { encoded, JsonSerializer.Serialize(value) })
        {
            var line = Write($$"""{"published":{{token}},"uuid":{{token}}}""", idField: "uuid");
            Assert.StartsWith($$"""{"ts":{{encoded}},"source":"okta",""", line);
            Assert.EndsWith(",\"meta\":{\"id\":" + encoded + "}}\n", line);
        }
    }

    [Fact]
    public void Id_is_left_out_when_not_a_string()
    {
        Assert.EndsWith(""","meta":{}}""" + "\n", Write("""{"uuid":42}""", idField: "uuid"));
    }

    // Half a surrogate pair, escaped, is valid JSON but no text: the id and time are copied as the API
    // wrote them (encoding them would make them U+FFFD), in whole and truncated lines alike.
    [Fact]
    public void Ids_and_times_with_a_lone_surrogate_escape_are_copied_as_written()
    {
        const string evt = """{"id":"a\ud800","published":"t\udfff","pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""";
        var line = Write(evt, idField: "id");
        Assert.StartsWith("""{"ts":"t\udfff",""", line);
        Assert.EndsWith(",\"meta\":{\"id\":\"a\\ud800\"}}\n", line);
        var writer = new EnvelopeWriter("source", "okta", null, "id", new FixedTime());
        var output = new ArrayBufferWriter<byte>();
        writer.WriteTruncated(output, Encoding.UTF8.GetBytes(evt), "/api/v1/logs", 10);
        var truncated = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.StartsWith("""{"ts":"t\udfff",""", truncated);
        Assert.EndsWith(",\"meta\":{\"id\":\"a\\ud800\",\"truncated\":true}}\n", truncated);
    }

    // A hook script's meta.cursor and the page's request id (upstream writes both on a hook's lines), in
    // upstream's sorted order around meta.id, on whole and truncated lines; an empty cursor is a string too.
    [Fact]
    public void Supplied_cursor_and_request_id_are_meta_members_in_sorted_order()
    {
        var writer = new EnvelopeWriter("source", "okta", null, "uuid", new FixedTime());
        var output = new ArrayBufferWriter<byte>();
        var evt = Encoding.UTF8.GetBytes("""{"uuid":"u1","published":"2024-01-15T12:00:00Z"}""");
        writer.Write(output, evt, "/logs", new SuppliedFields(null, Cursor: "c\"1", RequestId: "helr-5"));
        writer.Write(output, Encoding.UTF8.GetBytes("{}"), "/logs", new SuppliedFields(null, Cursor: "", RequestId: "helr-5"));
        writer.Write(output, Encoding.UTF8.GetBytes("{}"), "/logs", new SuppliedFields(null, RequestId: "helr-6"));
        writer.WriteTruncated(output, evt, "/logs", 5, new SuppliedFields(null, Cursor: "c2", RequestId: "helr-6"));
        var lines = Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(""","meta":{"cursor":"c\"1","id":"u1","request_id":"helr-5"}}""", lines[0]);
        Assert.EndsWith(""","meta":{"cursor":"","request_id":"helr-5"}}""", lines[1]);
        Assert.EndsWith(""","meta":{"request_id":"helr-6"}}""", lines[2]);
        Assert.EndsWith(""","meta":{"cursor":"c2","id":"u1","request_id":"helr-6","truncated":true}}""", lines[3]);
    }

    // The envelope is written once per event of every page: a source's lines (nothing supplied) must cost
    // no allocation each, nor must a hook's, whose request id is the same for the whole page.
    [Fact]
    public void Writing_a_line_allocates_nothing_per_event()
    {
        var writer = new EnvelopeWriter("source", "okta", null, "uuid", new FixedTime());
        var output = new ArrayBufferWriter<byte>(1 << 20);
        var evt = Encoding.UTF8.GetBytes("""{"uuid":"u1","published":"2024-01-15T12:00:00Z","actor":{"id":"a"}}""");
        var hook = new SuppliedFields(null, Ts: "2024-01-16T00:00:00Z", Cursor: "pos-1", RequestId: "helr-1");
        void WriteAll()
        {
            output.ResetWrittenCount();
            for (var i = 0; i < 1000; i++) writer.Write(output, evt, "/api/v1/logs");
            for (var i = 0; i < 1000; i++) writer.Write(output, evt, "/api/v1/logs", hook);
        }
        WriteAll(); // the first round sizes the scratch buffers and encodes the page's parts
        var before = GC.GetAllocatedBytesForCurrentThread();
        WriteAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1000, $"2000 lines allocated {allocated} bytes");
    }
}
