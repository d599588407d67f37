using System.Buffers;
using Helr.Kernel.Http;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Polling;

/// <summary>
/// Requests a source's next page while the current one is still being rendered, so the network
/// read (and the incremental parse that runs with it) overlaps the envelope work on another core.
/// Still one request at a time per source: the next one starts only once the page before it was
/// read whole. Two body buffers are used in turn: the page being rendered keeps its own. A page over
/// <see cref="OverlapBytes"/> is not overlapped (<see cref="Overlaps"/>): its next page is started
/// only after it was rendered and its buffer let go, so at most one large body is held at a time.
/// </summary>
internal sealed class PagePrefetch(Func<PageRequest, PageBuffer, CancellationToken, Task<(PageResponse, IEventScanner?)>> fetch, Func<CancellationToken, Task> pause,
    ArrayPool<byte>? pool = null) : IDisposable
{
    private readonly PageBuffer[] _buffers = { new(pool), new(pool) };
    private int _turn;
    private int _fetching;
    private int _taken;
    private bool _started;
    private Task<(PageResponse, IEventScanner?)>? _pending;
    private Task? _lastFetch;
    private CancellationTokenSource? _cancel;

    /// <summary>Starts fetching <paramref name="request"/>; every request after the first waits the page delay first.</summary>
    public void Start(PageRequest request, CancellationToken ct)
    {
        if (_pending is not null) throw new InvalidOperationException("a page is already being fetched");
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = _buffers[_turn];
        _fetching = _turn;
        _turn ^= 1;
        var delay = _started;
        _started = true;
        _pending = FetchAsync(request, buffer, delay, _cancel.Token);
        _lastFetch = _pending;
    }

    /// <summary>The page started last; its body stays valid until the page after next is started.</summary>
    public async Task<(PageResponse Response, IEventScanner? Scanner)> TakeAsync()
    {
        var pending = _pending ?? throw new InvalidOperationException("no page is being fetched");
        _pending = null;
        _taken = _fetching;
        try
        {
            return await pending;
        }
        finally
        {
            _cancel?.Dispose();
            _cancel = null;
        }
    }

    /// <summary>Bodies up to this size are rendered while the next page is read; larger ones first free their buffer.</summary>
    public const int OverlapBytes = PageBuffer.RetainedBytes;

    /// <summary>Whether the next page may be fetched while a page of <paramref name="bodyLength"/> bytes is still in use.</summary>
    public static bool Overlaps(int bodyLength) => bodyLength <= OverlapBytes;

    /// <summary>
    /// The page taken last is rendered (no body of it is read any more). Not <paramref name="overlapped"/>
    /// (no read ahead): its buffer is let go if it grew large. The <paramref name="last"/> page of the cycle:
    /// both buffers go back to be shared while the cycle waits for the output.
    /// </summary>
    public void Rendered(bool overlapped, bool last)
    {
        if (!overlapped) _buffers[_taken].Release();
        if (last) Recycle();
    }

    /// <summary>The cycle stops early: cancels a fetch still running and waits for it, ignoring its outcome.</summary>
    public async Task AbandonAsync()
    {
        if (_pending is not { } pending) return;
        _pending = null;
        _cancel?.Cancel();
        try
        {
            await pending;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The cycle already failed or was cancelled for its own reason; this page was never used.
        }
        finally
        {
            _cancel?.Dispose();
            _cancel = null;
        }
    }

    private async Task<(PageResponse, IEventScanner?)> FetchAsync(PageRequest request, PageBuffer buffer, bool delay, CancellationToken ct)
    {
        // Runs on the caller's thread up to the first wait (sending the request, whose answer takes a
        // network round trip): the caller then goes on rendering the previous page. A hop to another
        // thread first cost a thread wake-up per page and bought no overlap.
        if (delay) await pause(ct);
        return await fetch(request, buffer, ct);
    }

    /// <summary>
    /// The cycle reads no more pages and its last page is rendered: both buffers go back to be shared
    /// with other sources. Not while a fetch may still be writing into one (an abandoned fetch that
    /// did not finish): then they are left to the garbage collector.
    /// </summary>
    public void Recycle()
    {
        if (_pending is not null || _lastFetch is { IsCompleted: false }) return;
        foreach (var buffer in _buffers) buffer.Recycle();
    }

    public void Dispose()
    {
        Recycle();
        _cancel?.Dispose();
    }
}
