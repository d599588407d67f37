using System.Text;
using Helr.Kernel.Http;
using Helr.Kernel.Polling;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Xunit;

namespace Helr.Kernel.Tests.Polling;

/// <summary>The read-ahead of a source's next page: order, buffers, page delay, and abandoning.</summary>
public sealed class PagePrefetchTests
{
    private static PageRequest Request(int n) => PageRequest.Get(new Uri($"http://127.0.0.1/p{n}"));

    // A fetch that "receives" the page's URL as its body, into the buffer it is given.
    internal static async Task<(PageResponse, IEventScanner?)> Echo(PageRequest request, PageBuffer buffer, CancellationToken ct) =>
        (Page(request, await buffer.ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.Url.AbsolutePath)), 1024, ct)), null);

    internal static PageResponse Page(PageRequest request, ReadOnlyMemory<byte> body) =>
        new() { Request = request, StatusCode = 200, Url = request.Url, Headers = new HttpRequestMessage().Headers, Body = body };

    private static string Text(PageResponse response) => Encoding.UTF8.GetString(response.Body.Span);

    [Fact]
    public async Task A_page_stays_intact_while_the_next_one_is_read()
    {
        using var prefetch = new PagePrefetch(Echo, _ => Task.CompletedTask);
        prefetch.Start(Request(1), CancellationToken.None);
        var (first, _) = await prefetch.TakeAsync();
        prefetch.Start(Request(2), CancellationToken.None);
        var (second, _) = await prefetch.TakeAsync();
        Assert.Equal("/p1", Text(first));
        Assert.Equal("/p2", Text(second));
    }

    [Fact]
    public async Task Every_request_after_the_first_waits_the_page_delay()
    {
        var pauses = 0;
        using var prefetch = new PagePrefetch(Echo, _ => { pauses++; return Task.CompletedTask; });
        for (var n = 1; n <= 3; n++)
        {
            prefetch.Start(Request(n), CancellationToken.None);
            await prefetch.TakeAsync();
        }
        Assert.Equal(2, pauses);
    }

    [Fact]
    public async Task Abandoning_cancels_the_read_ahead_and_swallows_its_end()
    {
        var started = new TaskCompletionSource();
        var cancelled = false;
        using var prefetch = new PagePrefetch(async (request, buffer, ct) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            return await Echo(request, buffer, ct);
        }, _ => Task.CompletedTask);
        prefetch.Start(Request(1), CancellationToken.None);
        await started.Task;
        await prefetch.AbandonAsync();
        Assert.True(cancelled);
    }

    [Fact]
    public async Task A_failed_fetch_surfaces_when_the_page_is_taken()
    {
        using var prefetch = new PagePrefetch((_, _, _) => throw new HttpRequestException("refused"), _ => Task.CompletedTask);
        prefetch.Start(Request(1), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => prefetch.TakeAsync());
        Assert.Equal("refused", ex.Message);
    }

    [Fact]
    public void Only_one_request_at_a_time()
    {
        using var prefetch = new PagePrefetch(Echo, _ => Task.CompletedTask);
        prefetch.Start(Request(1), CancellationToken.None);
        Assert.Throws<InvalidOperationException>(() => prefetch.Start(Request(2), CancellationToken.None));
    }
}
