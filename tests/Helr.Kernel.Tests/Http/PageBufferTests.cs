using Helr.Kernel.Http;
using Xunit;

namespace Helr.Kernel.Tests.Http;

public sealed class PageBufferTests
{
    [Fact]
    public async Task Reads_whole_bodies_larger_than_the_initial_buffer()
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        var body = await new PageBuffer().ReadAllAsync(new MemoryStream(data), limit: 1_000_000, CancellationToken.None);
        Assert.Equal(data, body.ToArray());
    }

    [Fact]
    public async Task Stops_reading_past_the_limit()
    {
        var stream = new MemoryStream(new byte[200_001]);
        await Assert.ThrowsAsync<ResponseTooLargeException>(() => new PageBuffer().ReadAllAsync(stream, limit: 200_000, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_accepted()
    {
        var body = await new PageBuffer().ReadAllAsync(new MemoryStream(new byte[65_536]), limit: 65_536, CancellationToken.None);
        Assert.Equal(65_536, body.Length);
    }

    [Fact]
    public async Task The_largest_max_response_bytes_reads_the_body()
    {
        // max_response_bytes: 9223372036854775807 is accepted by the config; the buffer's size overflowed
        // there and every page read as empty ("response body is empty").
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        var body = await new PageBuffer().ReadAllAsync(new MemoryStream(data), limit: long.MaxValue, CancellationToken.None);
        Assert.Equal(data, body.ToArray());
    }

    [Theory]
    [InlineData(300_000)] // the header is right
    [InlineData(1_000)]   // it understates the body (e.g. a compressed length): the buffer still grows
    [InlineData(900_000)] // it overstates it: the body is what arrived
    public async Task A_content_length_sizes_the_buffer_but_the_body_is_what_arrives(long expected)
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        var body = await new PageBuffer().ReadAllAsync(new MemoryStream(data), limit: 1_000_000, CancellationToken.None, expectedLength: expected);
        Assert.Equal(data, body.ToArray());
    }

    [Fact]
    public async Task A_content_length_over_the_limit_still_fails_as_too_large()
    {
        var stream = new MemoryStream(new byte[200_001]);
        await Assert.ThrowsAsync<ResponseTooLargeException>(() =>
            new PageBuffer().ReadAllAsync(stream, limit: 200_000, CancellationToken.None, expectedLength: 200_001));
    }

    [Fact]
    public async Task A_large_body_stays_valid_after_its_buffer_is_let_go_and_the_next_page_is_read()
    {
        var buffer = new PageBuffer();
        var large = Enumerable.Range(0, PageBuffer.RetainedBytes + 10).Select(i => (byte)(i % 253)).ToArray();
        var first = await buffer.ReadAllAsync(new MemoryStream(large), limit: int.MaxValue, CancellationToken.None, expectedLength: large.Length);
        buffer.Release();
        var second = await buffer.ReadAllAsync(new MemoryStream(new byte[100]), limit: int.MaxValue, CancellationToken.None, expectedLength: 100);
        // Let go, not reused: the next page did not overwrite the large one (a plugin may still hold it).
        Assert.Equal(100, second.Length);
        Assert.True(first.Span.SequenceEqual(large));
    }

    [Fact]
    public async Task A_large_content_length_reserves_memory_only_as_the_body_arrives()
    {
        // A server that announces 200 MB and sends 10 bytes: the buffer must not be sized from the header
        // alone (before the fix a 200 MB array was reserved; under a container's heap limit that is an OutOfMemory).
        var stream = new OfferRecordingStream(new byte[10]);
        var body = await new PageBuffer().ReadAllAsync(stream, limit: 256L * 1024 * 1024, CancellationToken.None, expectedLength: 200L * 1024 * 1024);
        Assert.Equal(10, body.Length);
        Assert.True(stream.LargestOffer <= 64 * 1024, $"a buffer of {stream.LargestOffer} bytes was reserved for 10 bytes");
    }

    [Fact]
    public async Task A_large_honest_body_ends_in_a_buffer_of_its_own_size()
    {
        var data = Enumerable.Range(0, PageBuffer.RetainedBytes * 2 + 5).Select(i => (byte)(i % 247)).ToArray();
        var stream = new OfferRecordingStream(data);
        var body = await new PageBuffer().ReadAllAsync(stream, limit: int.MaxValue, CancellationToken.None, expectedLength: data.Length);
        Assert.True(body.Span.SequenceEqual(data));
        // Grown towards the announced size, not past it by doubling: the last buffer is the body plus the byte that proves its end.
        Assert.Equal(data.Length + 1, stream.LargestBuffer);
    }

    /// <summary>A body stream that notes the room each read is offered, and the buffer it was offered in.</summary>
    private sealed class OfferRecordingStream(byte[] data) : MemoryStream(data)
    {
        public int LargestOffer { get; private set; }
        public int LargestBuffer { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            LargestOffer = Math.Max(LargestOffer, buffer.Length);
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
                LargestBuffer = Math.Max(LargestBuffer, segment.Array!.Length);
            return base.ReadAsync(buffer, ct);
        }
    }
}
