using Helr.Kernel.Http;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Serilog;

namespace Helr.Kernel.Polling;

/// <summary>
/// The streamed side of one cycle's pages: takes the windows of events a large body yields while it
/// arrives, shows each to the cycle (<see cref="IStreamingPollCycle.OnEventWindow"/>) and renders it
/// into the page's <see cref="PageSpool"/>, exactly as <see cref="PageRenderer"/> renders a whole page.
/// Windows wait until the runner has finished the pages before (<see cref="Open"/>): the renderer and
/// the dedupe window serve one page at a time, in order.
/// </summary>
internal sealed class PageStream(IStreamingPollCycle cycle, PageRenderer renderer, SpoolFiles files, ILogger log, Func<Uri, string> shown) : IBodyWindowSink, IDisposable
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PageRequest? _request;
    private HttpResponseMessage? _response;
    private PageResponse? _head;
    private RenderedPage? _page;
    private PageSpool? _spool;
    private int _events;

    public int ThresholdBytes => StreamingLimits.ThresholdBytes;

    public int WindowBytes => StreamingLimits.WindowBytes;

    /// <summary>How the page's body was read; null until it was (or when it was not a 2xx response).</summary>
    public BodyRead? Read { get; private set; }

    public bool Streamed => Read is { Streamed: true };

    /// <summary>The request of the next page is about to be sent: its windows wait for <see cref="Open"/>.</summary>
    public void Begin(PageRequest request)
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _request = request;
        Read = null;
        Forget();
    }

    /// <summary>The pages before are rendered and handed to the output: this page's windows may be rendered.</summary>
    public void Open() => _gate.TrySetResult();

    /// <summary>An attempt at the page got a 2xx response: windows of an earlier attempt are forgotten.</summary>
    public IBodyWindowSink Attempt(HttpResponseMessage response)
    {
        Forget();
        _response = response;
        return this;
    }

    // Built at the first window only: most pages are read whole and never need it.
    private PageResponse Head() => _head ??= new PageResponse
    {
        Request = _request!, StatusCode = (int)_response!.StatusCode, Url = _response.RequestMessage?.RequestUri ?? _request!.Url,
        Headers = PageHeaders.From(_response),
    };

    public async ValueTask TakeAsync(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events, CancellationToken ct)
    {
        await _gate.Task.WaitAsync(ct);
        try
        {
            Render(body, events);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new WindowFailedException(ex);
        }
    }

    private void Render(ReadOnlyMemory<byte> body, IReadOnlyList<Range> events)
    {
        var head = Head();
        _page ??= renderer.Begin(head.Url);
        _spool ??= new PageSpool(StreamingLimits.SpoolMemoryBytes, StreamingLimits.PartBytes, files);
        var batch = new EventBatch { Body = body, Ranges = events.ToArray() };
        // FirstIndex 0 again (a retried read) tells the cycle to forget the earlier attempt's windows.
        var step = cycle.OnEventWindow(new EventWindow { Response = head, Events = batch, FirstIndex = _events });
        renderer.Add(_page, _spool.Lines, batch, step.Drop, step.EventIds);
        var spilled = _spool.Spilled;
        _spool.AfterWindow();
        if (!spilled && _spool.Spilled)
            log.Debug("the lines of the page from {Url} are over {Bytes} bytes: spilled to a temporary file until the page ends", shown(head.Url), StreamingLimits.SpoolMemoryBytes);
        _events += batch.Count;
    }

    public void End(BodyRead read) => Read = read;

    /// <summary>The streamed page's rendering, its spool (now the caller's) and its event count.</summary>
    public (RenderedPage? Page, PageSpool? Spool, int Events) Take()
    {
        var taken = (_page, _spool, _events);
        (_page, _spool, _events) = (null, null, 0);
        return taken;
    }

    public void Dispose() => Forget();

    private void Forget()
    {
        // Windows were rendered only while the runner waits for this page, so no other page is being
        // rendered meanwhile: what they counted goes with them.
        if (_page is not null) renderer.Discard();
        _spool?.Dispose();
        (_page, _spool, _events, _head, _response) = (null, null, 0, null, null);
    }
}
