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

    private static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    // One cycle of one page; the array its body was read into.
    private static async Task<byte[]> OnePageAsync(ArrayPool<byte> pool, string path, bool recycle)
    {
        using var cycle = new PagePrefetch(PagePrefetchTests.Echo, _ => Task.CompletedTask, pool);
        cycle.Start(Request(path), CancellationToken.None);
        var array = ArrayOf((await cycle.TakeAsync()).Response.Body);
        if (recycle) cycle.Recycle();
        return array;
    }

    [Fact]
    public async Task A_finished_cycle_hands_its_buffer_to_the_next_one()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        var first = await OnePageAsync(pool, "a", recycle: true);
        using var next = new PagePrefetch(PagePrefetchTests.Echo, _ => Task.CompletedTask, pool);
        next.Start(Request("b"), CancellationToken.None);
        var (page, _) = await next.TakeAsync();
        Assert.Same(first, ArrayOf(page.Body));
        Assert.Equal("/b", Encoding.UTF8.GetString(page.Body.Span));
    }

    [Fact]
    public async Task A_disposed_cycle_gives_its_buffers_back_too()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        var used = await OnePageAsync(pool, "a", recycle: false);
        Assert.Same(used, pool.Rent(used.Length));
    }

    [Fact]
    public async Task A_buffer_still_being_read_into_is_not_given_back()
    {
        var pool = ArrayPool<byte>.Create(64 * 1024, 4);
        var stream = new HeldStream();
        var prefetch = new PagePrefetch(async (request, buffer, _) =>
            (PagePrefetchTests.Page(request, await buffer.ReadAllAsync(stream, 1 << 20, CancellationToken.None)), null), _ => Task.CompletedTask, pool);
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
        using var prefetch = new PagePrefetch(PagePrefetchTests.Echo, _ => Task.CompletedTask, pool);
        prefetch.Start(Request("a"), CancellationToken.None);
        var first = ArrayOf((await prefetch.TakeAsync()).Response.Body);
        prefetch.Start(Request("b"), CancellationToken.None);
        // A page is being fetched: nothing goes back yet.
        prefetch.Recycle();
        var second = ArrayOf((await prefetch.TakeAsync()).Response.Body);
        Assert.NotSame(first, second);
        prefetch.Recycle();
        var handedOut = new[] { pool.Rent(first.Length), pool.Rent(first.Length) };
        Assert.Contains(first, handedOut);
        Assert.Contains(second, handedOut);
    }

    // A body whose first read waits until Finish: the read holds the buffer it was given meanwhile.
    private sealed class HeldStream : MemoryStream
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<byte[]> Reading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish() => _finish.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (!Reading.TrySetResult(ArrayOf(buffer))) return 0;
            await _finish.Task;
            return 0;
        }
    }
}
