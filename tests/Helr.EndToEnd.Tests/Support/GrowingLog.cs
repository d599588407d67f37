using System.Globalization;
using System.Text;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// An audit log that grows between runs, served the way Okta (Link header, next link on every page,
/// even the last) or a cursor API that always returns a cursor (1Password-style) serves it. Event ids
/// are <c>e1</c>, <c>e2</c>, … in order; tests assert on the union of what helr emitted.
/// </summary>
public sealed class GrowingLog
{
    private readonly List<string> _ids = new();

    public GrowingLog(int initial = 0) => Add(initial);

    public IReadOnlyList<string> Ids
    {
        get { lock (_ids) return _ids.ToList(); }
    }

    /// <summary>Appends <paramref name="count"/> new events.</summary>
    public void Add(int count)
    {
        lock (_ids)
        {
            for (var i = 0; i < count; i++) _ids.Add($"e{_ids.Count + 1}");
        }
    }

    /// <summary>
    /// Okta-like: <c>GET path?after=&lt;id&gt;&amp;limit=N</c> returns up to N events after that id and a
    /// next link after the last one returned (or the same <c>after</c> when the page is empty).
    /// </summary>
    public void ServeLinkHeader(FakeVendorServer api, string path)
    {
        api.OnGet(path, r =>
        {
            var limit = int.Parse(r.Param("limit") ?? "2", CultureInfo.InvariantCulture);
            var page = PageAfter(r.Param("after"), limit);
            var after = page.Count > 0 ? page[^1] : r.Param("after");
            var next = after is null ? $"{path}?limit={limit}" : $"{path}?after={after}&limit={limit}";
            return FakeResponse.Json(ToJsonArray(page)).WithNext(api.Url(next));
        });
    }

    /// <summary>
    /// Cursor API: <c>GET path?cursor=&lt;id&gt;</c> returns <c>{"data":[…],"next":"&lt;last id&gt;"}</c> and
    /// always a cursor, also on an empty page (so the next run resumes from it).
    /// </summary>
    public void ServeCursor(FakeVendorServer api, string path, int limit)
    {
        api.OnGet(path, r =>
        {
            var page = PageAfter(r.Param("cursor"), limit);
            var next = page.Count > 0 ? page[^1] : r.Param("cursor") ?? "";
            return FakeResponse.Json($$"""{"data":{{ToJsonArray(page)}},"next":"{{next}}"}""");
        });
    }

    private List<string> PageAfter(string? after, int limit)
    {
        lock (_ids)
        {
            var start = after is null ? 0 : _ids.IndexOf(after) + 1;
            return _ids.Skip(start).Take(limit).ToList();
        }
    }

    public static string Event(string id) =>
        $$"""{"id":"{{id}}","published":"2024-01-01T00:00:{{int.Parse(id[1..], CultureInfo.InvariantCulture) % 60:00}}Z"}""";

    private static string ToJsonArray(IEnumerable<string> ids)
    {
        var sb = new StringBuilder("[");
        foreach (var id in ids)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append(Event(id));
        }
        return sb.Append(']').ToString();
    }
}
