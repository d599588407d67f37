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
}
