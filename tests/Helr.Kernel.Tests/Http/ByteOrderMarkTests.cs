using System.Text;
using Helr.Kernel.Http;
using Helr.PluginSdk.Events;

namespace Helr.Kernel.Tests.Http;

/// <summary>
/// A body after a UTF-8 byte order mark reads as if the mark were not there, for the scanner fed while
/// the body arrives and for readers of the whole body; a mark anywhere else is still invalid JSON.
/// </summary>
public sealed class ByteOrderMarkTests
{
    private static readonly byte[] Mark = { 0xEF, 0xBB, 0xBF };

    [Fact]
    public async Task An_array_after_a_mark_split_across_reads_gives_its_elements_byte_for_byte()
    {
        const string json = """[{"id":1}, {"id":"é"}]""";
        var (body, events) = await ScanAsync(WithMark(json), chunk: 1);
        Assert.Equal(json, Encoding.UTF8.GetString(body.Span));
        Assert.Equal(new[] { """{"id":1}""", """{"id":"é"}""" }, events);
    }

    [Fact]
    public async Task An_object_with_items_after_a_mark_is_scanned_while_it_arrives()
    {
        // Several scan steps long, so the scanner is advanced mid-body, not only at the end.
        var items = Enumerable.Range(0, 4000).Select(i => $$"""{"id":{{i}},"pad":"{{new string('x', 24)}}"}""").ToList();
        var json = """{"next":"k2","items":[""" + string.Join(",", items) + "]}";
        var (body, events) = await ScanAsync(WithMark(json), chunk: 1000);
        Assert.Equal(json, Encoding.UTF8.GetString(body.Span));
        Assert.Equal(items, events);
    }

    [Fact]
    public async Task Readers_of_the_whole_body_see_no_mark()
    {
        var body = await new PageBuffer().ReadAllAsync(new ChunkedStream(WithMark("""{"items":[{"id":1}],"next":"k2"}"""), 2), 1_000_000, CancellationToken.None);
        var events = new List<Range>();
        new JsonEventExtractor(eventsPath: "items").Extract(body.Span, events);
        Assert.Equal("""{"id":1}""", Encoding.UTF8.GetString(body.Span[events.Single()]));
        Assert.Equal("k2", DottedPath.Parse("next").ReadString(body.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n")]
    public async Task Nothing_but_a_mark_and_whitespace_is_an_empty_body(string rest)
    {
        var error = await Assert.ThrowsAsync<EventFormatException>(() => ScanAsync(WithMark(rest), chunk: 1));
        var withoutMark = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(Encoding.UTF8.GetBytes(rest), new List<Range>()));
        Assert.Equal("response body is empty", error.Message);
        Assert.Equal(withoutMark.Message, error.Message);
    }

    [Theory]
    [InlineData("[1,\uFEFF2]")]
    [InlineData(" \uFEFF[1]")]
    [InlineData("\uFEFF\uFEFF[1]")]
    [InlineData("[1]\uFEFF")]
    public async Task A_mark_anywhere_but_the_very_start_is_invalid(string text)
    {
        var error = await Assert.ThrowsAsync<EventFormatException>(() => ScanAsync(Encoding.UTF8.GetBytes(text), chunk: 1));
        Assert.Contains("0xEF", error.Message);
    }

    private static byte[] WithMark(string json) => Mark.Concat(Encoding.UTF8.GetBytes(json)).ToArray();

    // Reads the body as a page is read, the default scanner fed as it arrives; returns the body and its events' text.
    private static async Task<(ReadOnlyMemory<byte> Body, List<string> Events)> ScanAsync(byte[] wire, int chunk)
    {
        var scanner = new JsonEventExtractor().StartScan();
        var body = await new PageBuffer().ReadAllAsync(new ChunkedStream(wire, chunk), 1_000_000, CancellationToken.None, scanner);
        var events = new List<Range>();
        scanner.Complete(body.Span, events);
        return (body, events.Select(r => Encoding.UTF8.GetString(body.Span[r])).ToList());
    }

    // Hands out at most `chunk` bytes per read, as a network stream may.
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], ct);
    }
}
