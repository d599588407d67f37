using System.Globalization;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// A growing audit log served at <c>/feed/&lt;name&gt;?after=&lt;seq&gt;&amp;limit=&lt;n&gt;</c>: events with
/// <c>seq &gt; after</c>, oldest first, and a <c>Link: rel="next"</c> while more remain. Events look like
/// <c>{"id":"&lt;name&gt;-000001","seq":1,"published":"…"}</c>.
/// </summary>
public sealed class EventFeed(string name)
{
    private readonly List<(long Seq, string Id, string Json)> _events = new();

    public string Name { get; } = name;

    public string Path => $"/feed/{Name}";

    /// <summary>Each response waits a random time up to this (so kills land at varied points), drawn from <see cref="Seed"/>.</summary>
    public TimeSpan MaxDelay { get; set; }

    /// <summary>Where the random delays come from (required with <see cref="MaxDelay"/>, so a failure names its seed).</summary>
    public TestSeed? Seed { get; set; }

    /// <summary>Runs before a page is served, with its <c>after</c> (to inject a fault at a chosen page).</summary>
    public Action<long>? BeforeServe { get; set; }

    public IReadOnlyList<string> Ids
    {
        get { lock (_events) return _events.Select(e => e.Id).ToList(); }
    }

    public EventFeed Add(int count)
    {
        lock (_events)
        {
            for (var i = 0; i < count; i++)
            {
                var seq = _events.Count + 1L;
                var id = $"{Name}-{seq:D6}";
                var ts = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seq).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                _events.Add((seq, id, $$"""{"id":"{{id}}","seq":{{seq}},"published":"{{ts}}"}"""));
            }
        }
        return this;
    }

    /// <summary>Serves the feed on <paramref name="api"/>.</summary>
    public EventFeed Mount(FakeVendorServer api)
    {
        api.OnGet(Path, r => Handle(r, api));
        return this;
    }

    private FakeResponse Handle(RecordedRequest request, FakeVendorServer api)
    {
        var after = long.TryParse(request.Param("after"), out var a) ? a : 0;
        var limit = int.TryParse(request.Param("limit"), out var l) ? l : 10;
        BeforeServe?.Invoke(after);
        List<(long Seq, string Id, string Json)> page;
        bool more;
        lock (_events)
        {
            page = _events.Where(e => e.Seq > after).Take(limit).ToList();
            more = page.Count > 0 && _events[^1].Seq > page[^1].Seq;
        }
        var response = FakeResponse.Json("[" + string.Join(",", page.Select(e => e.Json)) + "]");
        if (more) response = response.WithNext(api.Url($"{Path}?after={page[^1].Seq}&limit={limit}"));
        if (MaxDelay > TimeSpan.Zero) response = response with { Delay = MaxDelay * (Seed ?? throw new InvalidOperationException("MaxDelay needs a Seed")).NextDouble() };
        return response;
    }

    /// <summary>A generic source polling this feed with a watermark, persisted dedupe and the given extra keys.</summary>
    public string SourceYaml(FakeVendorServer api, int intervalSecs = 1, int maxPages = 100, string extra = "") => $"""
          {Name}:
            url: {api.Url(Path)}
            pagination:
              strategy: link_header
              max_pages: {maxPages}
            query_params:
              limit: 10
            state:
              watermark_field: seq
              watermark_param: after
            dedupe:
              id_path: id
            schedule:
              interval_secs: {intervalSecs}
        {extra}
        """;
}
