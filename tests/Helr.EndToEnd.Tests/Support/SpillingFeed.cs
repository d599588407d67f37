using System.Text;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// A cursor API whose every page is large enough to be streamed, spilled and handed to the output in
/// parts once <see cref="StreamedPages.Env"/> shrinks helr's streaming sizes. <c>?cursor=p&lt;k&gt;</c> is
/// page k; the last page's <c>next</c> is empty. Without a cursor, <c>?since=&lt;published&gt;</c> (the
/// stored watermark) starts at the first page with a newer event, or answers an empty page when none
/// is left. Bodies go out in a few chunks with random pauses, so a kill can land mid-body.
/// </summary>
public sealed class SpillingFeed
{
    private readonly List<string[]> _pages = new();
    private readonly List<byte[]> _bodies = new();
    private readonly List<string> _newest = new();
    private readonly Dictionary<string, int> _pageOf = new(StringComparer.Ordinal);
    private readonly TestSeed _seed;

    // Each response waits up to MaxDelay before its headers; its body goes out in Chunks pieces, each
    // followed by a pause of up to MaxPause: a page takes some 10-60 ms to arrive.
    private const int Chunks = 4;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(8);

    public SpillingFeed(TestSeed seed, int pages, int minEvents, int maxEvents)
    {
        _seed = seed;
        var n = 0;
        for (var page = 0; page < pages; page++)
        {
            var count = seed.Next(minEvents, maxEvents + 1);
            var ids = Enumerable.Range(n, count).Select(i => $"s-{i:D5}").ToArray();
            var events = string.Join(",\n  ", ids.Select((id, i) => StreamedPages.Event(id, n + i)));
            n += count;
            _pages.Add(ids);
            foreach (var id in ids) _pageOf[id] = page;
            _bodies.Add(Encoding.UTF8.GetBytes(StreamedPages.CursorPage(events, page + 1 < pages ? $"p{page + 1}" : "")));
            _newest.Add(Published(n - 1));
        }
    }

    public string Path => "/spilling";

    public IEnumerable<string> Ids => _pages.SelectMany(p => p);

    public IReadOnlyList<string> PageIds(int page) => _pages[page];

    /// <summary>The page an id was served on; -1 for an id this feed never served.</summary>
    public int PageOf(string id) => _pageOf.GetValueOrDefault(id, -1);

    public int SmallestBody => _bodies.Min(b => b.Length);

    /// <summary>How many pages were checkpointed, from the stored cursor or (after a whole traversal) watermark.</summary>
    public int CheckpointedPages(string? cursor, string? watermark)
    {
        if (!string.IsNullOrEmpty(cursor)) return int.Parse(cursor.AsSpan(1));
        return string.IsNullOrEmpty(watermark) ? 0 : _newest.Count(t => string.CompareOrdinal(t, watermark) <= 0);
    }

    public SpillingFeed Mount(FakeVendorServer api)
    {
        api.OnGet(Path, Serve);
        return this;
    }

    private FakeResponse Serve(RecordedRequest request)
    {
        var page = request.Param("cursor") is { Length: > 0 } cursor ? int.Parse(cursor.AsSpan(1))
            : request.Param("since") is { } since ? _newest.FindIndex(t => string.CompareOrdinal(t, since) > 0)
            : 0;
        if (page < 0) return FakeResponse.Json(StreamedPages.CursorPage("", ""));
        var body = _bodies[page];
        var pauses = Enumerable.Range(0, Chunks).Select(_ => MaxPause * _seed.NextDouble()).ToArray();
        return FakeResponse.Streamed(async (stream, ct) =>
        {
            var size = (body.Length + Chunks - 1) / Chunks;
            for (var i = 0; i < Chunks; i++)
            {
                var from = Math.Min(body.Length, i * size);
                await stream.WriteAsync(body.AsMemory(from, Math.Min(size, body.Length - from)), ct);
                await stream.FlushAsync(ct);
                await Task.Delay(pauses[i], ct);
            }
        }, body.Length) with { Delay = MaxDelay * _seed.NextDouble() };
    }

    // As StreamedPages.Event writes the n-th event's time.
    private static string Published(int n) => $"2024-05-01T{n / 3600 % 24:00}:{n / 60 % 60:00}:{n % 60:00}Z";

    /// <summary>A source reading this feed by cursor, resuming from its stored cursor (or watermark) after a restart.</summary>
    public string SourceYaml(FakeVendorServer api, string extra = "") => $"""
          spilling:
            url: {api.Url(Path)}
            pagination:
              strategy: cursor
              cursor_param: cursor
              cursor_path: next
              max_pages: 1000
            state:
              watermark_field: published
              watermark_param: since
            schedule:
              interval_secs: 1
        {extra}
        """;
}
