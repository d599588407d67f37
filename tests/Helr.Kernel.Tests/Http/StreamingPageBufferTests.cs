using System.Text;
using Helr.Kernel.Http;
using Helr.PluginSdk.Events;
using Xunit;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A streamed body (PageBuffer.ReadStreamingAsync) hands out exactly the events a whole read finds,
/// keeps only its tail, and returns the body without its events (the skeleton).
/// </summary>
public sealed class StreamingPageBufferTests
{
    private static string Event(int i) => $$"""{"id":{{i}},"m":"h\u00e9 ✓ ü \"q\" {{new string('x', i % 97)}}"}""";

    private static string Body(string before, int count, string after) =>
        before + string.Join(",\n ", Enumerable.Range(0, count).Select(Event)) + after;

    public static TheoryData<string, int> Cases => new()
    {
        { Body("[", 3000, "]"), 1 },
        { Body("[", 3000, "]"), 4096 },
        { Body("""{"meta":{"n":1},"data":[""", 3000, """],"next":"abc"}"""), 7 },
        { Body("\uFEFF{\"events\":[", 3000, "],\"logs\":[1],\"cursor\":{\"next\":\"c\"}}"), 65536 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hands_out_the_events_of_a_whole_read_and_returns_the_skeleton(string json, int readSize)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var whole = body.AsSpan().StartsWith("\uFEFF"u8) ? body[3..] : body;
        var expected = new List<Range>();
        new JsonEventExtractor().Extract(whole, expected);
        var sink = new CollectingSink();

        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(body, readSize), 10_000_000, new JsonEventExtractor().StartScan(), sink, 0, null, default);

        Assert.True(read.Streamed);
        Assert.Null(read.ParseError);
        Assert.Equal(whole.Length, read.Length);
        Assert.Equal(expected.Select(r => Encoding.UTF8.GetString(whole[r])), sink.Events);
        Assert.True(sink.Windows > 1);
        var skeleton = Encoding.UTF8.GetString(whole[..expected[0].Start.Value]) + Encoding.UTF8.GetString(whole[expected[^1].End.Value..]);
        Assert.Equal(skeleton, Encoding.UTF8.GetString(read.Body.Span));
    }

    [Fact]
    public async Task Bytes_already_handed_out_count_against_max_response_bytes()
    {
        // The buffer only ever holds a tail of about 64 KiB, far under the limit; the body is not.
        var body = Encoding.UTF8.GetBytes(Body("[", 20_000, "]"));
        var limit = body.Length / 2;
        var sink = new CollectingSink();

        await Assert.ThrowsAsync<ResponseTooLargeException>(() =>
            new PageBuffer().ReadStreamingAsync(new Trickle(body, 4096), limit, new JsonEventExtractor().StartScan(), sink, 0, null, default));
        Assert.True(sink.Windows > 1);
    }

    [Fact]
    public async Task A_body_under_the_threshold_is_returned_whole()
    {
        var json = Body("[", 10, "]");
        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(Encoding.UTF8.GetBytes(json), 3), 1_000_000, new JsonEventExtractor().StartScan(),
            new CollectingSink(), 1_000_000, null, default);
        Assert.False(read.Streamed);
        Assert.Equal(json, Encoding.UTF8.GetString(read.Body.Span));
    }

    [Theory]
    [InlineData("""{"x":1""", "the response ends before the JSON document is complete")]
    [InlineData("\"a\":}]", "expected")]
    public async Task A_body_malformed_after_events_went_out_reports_the_error_a_whole_read_reports(string tail, string kind)
    {
        var body = Encoding.UTF8.GetBytes(Body("[", 3000, ",") + tail);
        var whole = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(body, new List<Range>()));
        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(body, 1000), 10_000_000, new JsonEventExtractor().StartScan(), new CollectingSink(), 0, null, default);
        Assert.True(read.Streamed);
        Assert.Contains(kind, read.ParseError);
        // Byte offsets count from the body's start although its first bytes were dropped.
        Assert.Equal(whole.Message, read.ParseError);
    }

    [Fact]
    public async Task Invalid_utf8_after_events_went_out_is_a_parse_error()
    {
        var body = Encoding.UTF8.GetBytes(Body("[", 3000, "]"));
        body[body.Length / 2 + 5] = 0xFF;
        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(body, 1000), 10_000_000, new JsonEventExtractor().StartScan(), new CollectingSink(), 0, null, default);
        Assert.Equal("response body is not valid UTF-8", read.ParseError);
    }

    [Fact]
    public async Task A_better_ranked_events_array_after_the_streamed_one_is_a_parse_error()
    {
        var body = Encoding.UTF8.GetBytes(Body("""{"data":[""", 3000, """],"items":[{"i":1}]}"""));
        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(body, 1000), 10_000_000, new JsonEventExtractor().StartScan(), new CollectingSink(), 0, null, default);
        Assert.Contains("another events array", read.ParseError);
        Assert.Contains("response_events_path", read.ParseError);
    }

    [Fact]
    public async Task The_largest_max_response_bytes_streams_every_event()
    {
        // The config accepts max_response_bytes up to long.MaxValue, where the buffer's size overflowed.
        var body = Encoding.UTF8.GetBytes(Body("[", 3000, "]"));
        var expected = new List<Range>();
        new JsonEventExtractor().Extract(body, expected);
        var sink = new CollectingSink();

        var read = await new PageBuffer().ReadStreamingAsync(new Trickle(body, 4096), long.MaxValue, new JsonEventExtractor().StartScan(), sink, 0, null, default);

        Assert.Equal(body.Length, read.Length);
        Assert.Equal(expected.Select(r => Encoding.UTF8.GetString(body[r])), sink.Events);
    }

    [Fact]
    public async Task Events_go_out_in_windows_of_the_sinks_size()
    {
        const int windowBytes = 128 * 1024;
        var body = Encoding.UTF8.GetBytes(Body("[", 20_000, "]"));
        var expected = new List<Range>();
        new JsonEventExtractor().Extract(body, expected);
        var sink = new CollectingSink(windowBytes);

        await new PageBuffer().ReadStreamingAsync(new Trickle(body, 4096), 10_000_000, new JsonEventExtractor().StartScan(), sink, 0, null, default);

        Assert.Equal(expected.Select(r => Encoding.UTF8.GetString(body[r])), sink.Events);
        // A window is the read buffer's content: a full buffer of the window's size, or more new bytes than that.
        Assert.All(sink.WindowLengths.SkipLast(1), n => Assert.InRange(n, windowBytes, 2 * windowBytes));
        Assert.True(sink.Windows > 2);
    }

    private sealed class CollectingSink(int windowBytes = 0) : IBodyWindowSink
    {
        public List<string> Events { get; } = new();

        public List<int> WindowLengths { get; } = new();

        public int Windows { get; private set; }

        public int ThresholdBytes => 0;

        public int WindowBytes => windowBytes;

        public ValueTask TakeAsync(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events, CancellationToken ct)
        {
            Windows++;
            WindowLengths.Add(body.Length);
            foreach (var r in events) Events.Add(Encoding.UTF8.GetString(body.Span[r]));
            return ValueTask.CompletedTask;
        }

        public void End(BodyRead read)
        {
        }
    }

    // Returns at most readSize bytes per read, so reads split multi-byte characters and tokens.
    private sealed class Trickle(byte[] data, int readSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], ct);
    }
}
