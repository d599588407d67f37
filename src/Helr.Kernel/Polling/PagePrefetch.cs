using Helr.Kernel.Http;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;

namespace Helr.Kernel.Polling;

/// <summary>
/// Requests a source's next page while the current one is still being rendered, so the network
/// read (and the incremental parse that runs with it) overlaps the envelope work on another core.
/// Still one request at a time per source: the next one starts only once the page before it was
/// read whole. Two body buffers are used in turn: the page being rendered keeps its own.
/// </summary>
internal sealed class PagePrefetch(Func<PageRequest, PageBuffer, CancellationToken, Task<(PageResponse, IEventScanner?)>> fetch, Func<CancellationToken, Task> pause) : IDisposable
{
    private readonly PageBuffer[] _buffers = { new(), new() };
    private int _turn;
    private bool _started;
    private Task<(PageResponse, IEventScanner?)>? _pending;
    private CancellationTokenSource? _cancel;

    /// <summary>Starts fetching <paramref name="request"/>; every request after the first waits the page delay first.</summary>
    public void Start(PageRequest request, CancellationToken ct)
    {
        if (_pending is not null) throw new InvalidOperationException("a page is already being fetched");
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = _buffers[_turn];
        _turn ^= 1;
        var delay = _started;
        _started = true;
        _pending = FetchAsync(request, buffer, delay, _cancel.Token);
    }

    /// <summary>The page started last; its body stays valid until the page after next is started.</summary>
    public async Task<(PageResponse Response, IEventScanner? Scanner)> TakeAsync()
    {
        var pending = _pending ?? throw new InvalidOperationException("no page is being fetched");
        _pending = null;
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
        // Off the caller's thread at once: the caller goes on rendering the previous page.
        await Task.Yield();
        if (delay) await pause(ct);
        return await fetch(request, buffer, ct);
    }

    public void Dispose() => _cancel?.Dispose();
}
