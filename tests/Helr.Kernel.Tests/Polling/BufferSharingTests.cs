using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Helr.Kernel.Http;
using Helr.Kernel.Polling;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>
/// Body buffers shared between sources: a cycle that is done gives its small buffers back, and a buffer
/// a read may still be writing into is never given back (another source's page would land in it).
/// </summary>
public sealed class BufferSharingTests
{
    private static PageRequest Request(string path) => PageRequest.Get(new Uri($"http://127.0.0.1/{path}"));

    private static async Task<(PageResponse, IEventScanner?)> Echo(PageRequest request, PageBuffer buffer, CancellationToken ct)
    {
        var body = await buffer.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.Url.AbsolutePath)), 1 << 20, ct);
        return (new PageResponse { Request = request, StatusCode = 200, Url = request.Url, Headers = new HttpRequestMessage().Headers, Body = body }, null);
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    [Fact]
    public async Task A_finished_cycle_hands_its_buffer_to_the_next_one()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        byte[] first;
        using (var cycle = new PagePrefetch(Echo, _ => Task.CompletedTask, pool))
        {
            cycle.Start(Request("a"), CancellationToken.None);
            first = ArrayOf((await cycle.TakeAsync()).Response.Body);
            cycle.Recycle();
        }
        using var next = new PagePrefetch(Echo, _ => Task.CompletedTask, pool);
        next.Start(Request("b"), CancellationToken.None);
        var (page, _) = await next.TakeAsync();
        Assert.Same(first, ArrayOf(page.Body));
        Assert.Equal("/b", Encoding.UTF8.GetString(page.Body.Span));
    }

    [Fact]
    public async Task A_disposed_cycle_gives_its_buffers_back_too()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        byte[] used;
        using (var cycle = new PagePrefetch(Echo, _ => Task.CompletedTask, pool))
        {
            cycle.Start(Request("a"), CancellationToken.None);
            used = ArrayOf((await cycle.TakeAsync()).Response.Body);
        }
        Assert.Same(used, pool.Rent(used.Length));
    }

    [Fact]
    public async Task A_buffer_still_being_read_into_is_not_given_back()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        var stream = new HeldStream();
        var prefetch = new PagePrefetch(async (request, buffer, ct) =>
        {
            var body = await buffer.ReadAllAsync(stream, 1 << 20, CancellationToken.None);
            return (new PageResponse { Request = request, StatusCode = 200, Url = request.Url, Headers = new HttpRequestMessage().Headers, Body = body }, null);
        }, _ => Task.CompletedTask, pool);
        prefetch.Start(Request("a"), CancellationToken.None);
        var reading = await stream.Reading.Task;
        // The cycle ends without taking the page: the read ignores cancellation and is still running.
        await prefetch.AbandonAsync().WaitAsync(TimeSpan.Zero).ContinueWith(_ => { });
        prefetch.Recycle();
        prefetch.Dispose();
        Assert.NotSame(reading, pool.Rent(reading.Length));
        stream.Finish();
    }

    [Fact]
    public async Task The_last_page_of_a_cycle_gives_its_buffer_back_before_the_cycle_ends()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        using var prefetch = new PagePrefetch(Echo, _ => Task.CompletedTask, pool);
        prefetch.Start(Request("a"), CancellationToken.None);
        var first = ArrayOf((await prefetch.TakeAsync()).Response.Body);
        prefetch.Start(Request("b"), CancellationToken.None);
        // A page is being fetched: nothing goes back yet.
        prefetch.Recycle();
        var second = ArrayOf((await prefetch.TakeAsync()).Response.Body);
        Assert.NotSame(first, second);
        prefetch.Recycle();
        var handedOut = new[] { pool.Rent(16 * 1024), pool.Rent(16 * 1024) };
        Assert.Contains(first, handedOut);
        Assert.Contains(second, handedOut);
    }

    // A body whose first read waits until Finish: the read holds the buffer it was given meanwhile.
    private sealed class HeldStream : Stream
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _done;

        public TaskCompletionSource<byte[]> Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish() => _finish.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_done) return 0;
            Reading.TrySetResult(ArrayOf(buffer));
            await _finish.Task;
            _done = true;
            return 0;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
