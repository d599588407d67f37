using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Declarative;

/// <summary>What every declarative strategy shares: first-request parameters, page and byte counts, tracked fields.</summary>
public abstract class DeclarativeCycle : IPollCycle
{
    private readonly List<FieldTracker> _trackers = new();

    /// <summary>Sets up the cycle.</summary>
    protected DeclarativeCycle(DeclarativeOptions options, CycleContext context)
    {
        Options = options;
        Context = context;
        if (options.Watermark is not null) _trackers.Add(new FieldTracker(options.Watermark));
        if (options.IncrementalFrom is not null) _trackers.Add(new FieldTracker(options.IncrementalFrom));
    }

    /// <summary>The source's options.</summary>
    protected DeclarativeOptions Options { get; }

    /// <summary>The cycle's context.</summary>
    protected CycleContext Context { get; }

    /// <summary>Pages seen so far in this cycle.</summary>
    protected int Pages { get; private set; }

    /// <summary>Body bytes read so far in this cycle.</summary>
    protected long Bytes { get; private set; }

    /// <summary>Maximum pages per cycle.</summary>
    protected int MaxPages => Options.Pagination?.MaxPages ?? 1;

    /// <inheritdoc />
    public abstract PageRequest? First { get; }

    /// <inheritdoc />
    public PageStep OnPage(PageResponse response, EventBatch events)
    {
        Pages++;
        Bytes += response.Body.Length;
        foreach (var tracker in _trackers) tracker.Observe(events);
        return Next(response, events);
    }

    /// <summary>Decides what follows a page.</summary>
    protected abstract PageStep Next(PageResponse response, EventBatch events);

    /// <inheritdoc />
    public virtual PageStep? OnErrorStatus(PageResponse response) => null;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Finish()
    {
        var state = new Dictionary<string, string>();
        foreach (var tracker in _trackers)
        {
            if (tracker.Max is null) continue;
            var stored = Context.State.Get(tracker.Options.StateKey);
            if (string.IsNullOrEmpty(stored) || FieldTracker.Compare(tracker.Max, stored) > 0)
                state[tracker.Options.StateKey] = tracker.Max;
        }
        return state;
    }

    /// <summary>True once the cycle has read more body bytes than <c>max_bytes</c>.</summary>
    protected bool OverByteBudget => Options.MaxBytes is { } max && Bytes > max;

    /// <summary>
    /// The source URL with the range-start parameter (stored watermark, else stored incremental value,
    /// else <c>from</c>) and <c>query_params</c> appended.
    /// </summary>
    protected Uri FirstRequestUrl()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        var start = RangeStart();
        if (start is not null) parameters.Add(start.Value);
        parameters.AddRange(Options.QueryParams);
        return QueryString.Append(Options.Url!, parameters);
    }

    private KeyValuePair<string, string>? RangeStart()
    {
        foreach (var tracked in new[] { Options.Watermark, Options.IncrementalFrom })
        {
            if (tracked is null) continue;
            var stored = Context.State.Get(tracked.StateKey);
            if (!string.IsNullOrEmpty(stored)) return new(tracked.Param, stored);
        }
        return Options.From is null ? null : new(Options.FromParam, Options.From);
    }

    /// <summary>A request to <paramref name="url"/> with the source's method, headers and <paramref name="body"/>.</summary>
    protected PageRequest Request(Uri url, ReadOnlyMemory<byte>? body = null)
    {
        // Spelled out on purpose: `body ?? Options.Body` converts a null byte[] into an empty but
        // non-null body, which would send GETs a body and POSTs "" instead of the kernel's "{}".
        ReadOnlyMemory<byte>? json = null;
        if (Options.Method == HttpMethod.Post)
        {
            if (body is not null) json = body;
            else if (Options.Body is not null) json = Options.Body;
        }
        return new(Options.Method, url, json, Options.Headers);
    }
}
