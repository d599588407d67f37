using System.Text;
using Helr.PluginSdk.Testing;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// A link_header API of <c>pages</c> pages of <c>perPage</c> events with ids <c>&lt;prefix&gt;-000000</c>…
/// in order, each padded to about <c>eventBytes</c>. After the last page comes an empty page that
/// links to itself, so a finished source keeps its checkpoint there and polls it again.
/// </summary>
public sealed class PagedApi
{
    private readonly FakeVendorServer _server;
    private readonly string _path;

    public PagedApi(FakeVendorServer server, string path, int pages, int perPage, int eventBytes = 1000, string prefix = "e", TimeSpan delay = default)
    {
        _server = server;
        _path = path;
        Pages = pages;
        PerPage = perPage;
        var pad = new string('x', Math.Max(0, eventBytes - 60));
        server.OnGet(path, r =>
        {
            var page = int.Parse(r.Param("page") ?? "0");
            var next = server.Url($"{path}?page={Math.Min(page + 1, pages)}");
            if (page >= pages) return FakeResponse.Json("[]").WithNext(server.Url($"{path}?page={pages}"));
            var body = new StringBuilder("[");
            for (var i = 0; i < perPage; i++)
            {
                if (i > 0) body.Append(',');
                body.Append($$"""{"id":"{{Id(prefix, page * perPage + i)}}","seq":{{page * perPage + i}},"pad":"{{pad}}"}""");
            }
            return (FakeResponse.Json(body.Append(']').ToString()) with { Delay = delay }).WithNext(next);
        });
    }

    public int Pages { get; }

    public int PerPage { get; }

    public int Total => Pages * PerPage;

    public string Url => _server.Url(_path);

    /// <summary>Requests this API received so far.</summary>
    public int Requests => _server.Requests.Count(r => r.Path == _path);

    /// <summary>True once the empty page after the last one was requested (the whole source was read).</summary>
    public bool Finished => _server.Requests.Any(r => r.Path == _path && r.Param("page") == Pages.ToString());

    public static string Id(string prefix, int n) => $"{prefix}-{n:D6}";

    /// <summary>Every id this API serves, in order.</summary>
    public IEnumerable<string> Ids(string prefix = "e") => Enumerable.Range(0, Total).Select(n => Id(prefix, n));
}
