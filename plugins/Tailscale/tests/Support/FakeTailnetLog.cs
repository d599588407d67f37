using System.Globalization;

namespace Helr.Plugins.Tailscale.Tests.Support;

/// <summary>
/// A configuration log that answers like the API: every entry with <c>start ≤ eventTime ≤ end</c>
/// (both bounds inclusive, the worst case for a collector), in <c>logs[]</c>.
/// </summary>
internal sealed class FakeTailnetLog
{
    private readonly List<DateTimeOffset> _times = new();

    public FakeTailnetLog Add(params DateTimeOffset[] times)
    {
        lock (_times) _times.AddRange(times);
        return this;
    }

    public static string Id(DateTimeOffset at) => "g" + at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public FakeResponse Answer(RecordedRequest r)
    {
        if (r.Param("start") is not { } s || r.Param("end") is not { } e) return FakeResponse.Json("""{"message":"start and end are required"}""", 400);
        var start = DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(e, CultureInfo.InvariantCulture);
        List<DateTimeOffset> hits;
        lock (_times) hits = _times.Where(t => t >= start && t <= end).Order().ToList();
        var logs = hits.Select(t => $$"""{"eventGroupID":"{{Id(t)}}","origin":"ADMIN_CONSOLE","action":"UPDATE","eventTime":"{{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff}}00Z"}""");
        return FakeResponse.Json($$"""{"version":"1.1","tailnetId":"example.com","logs":[{{string.Join(",", logs)}}]}""");
    }
}
