using System.Globalization;

namespace Helr.Plugins.Gws.Tests.Support;

/// <summary>
/// A Reports API that answers like Google: the activities with <c>startTime ≤ id.time ≤ endTime</c>
/// that have been delivered so far, newest first, <c>maxResults</c> per page with a
/// <c>nextPageToken</c>, and no <c>items</c> at all when there are none.
/// </summary>
/// <param name="excludesEnd">
/// Leaves out activities at exactly <c>endTime</c>: Google does not document whether it includes them,
/// so the plugin must lose nothing either way.
/// </param>
internal sealed class FakeReports(bool excludesEnd = false)
{
    private readonly List<(DateTimeOffset Time, string Qualifier)> _delivered = new();

    /// <summary>Delivers an activity (Google makes it visible, possibly long after its time).</summary>
    public FakeReports Deliver(DateTimeOffset time, string qualifier)
    {
        lock (_delivered) _delivered.Add((time, qualifier));
        return this;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public FakeResponse Answer(RecordedRequest r)
    {
        if (r.Param("startTime") is not { } s || r.Param("endTime") is not { } e) return FakeResponse.Json("""{"error":{"code":400}}""", 400);
        var start = DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(e, CultureInfo.InvariantCulture);
        var size = int.Parse(r.Param("maxResults") ?? "1000", CultureInfo.InvariantCulture);
        var offset = r.Param("pageToken") is { } token ? int.Parse(token[2..], CultureInfo.InvariantCulture) : 0;
        List<(DateTimeOffset Time, string Qualifier)> hits;
        lock (_delivered) hits = _delivered.Where(a => a.Time >= start && (excludesEnd ? a.Time < end : a.Time <= end)).OrderByDescending(a => a.Time).ToList();
        var page = hits.Skip(offset).Take(size).Select(a =>
            $$"""{"kind":"admin#reports#activity","id":{"time":"{{Time(a.Time)}}","uniqueQualifier":"{{a.Qualifier}}","applicationName":"login","customerId":"C02f6wppb"},"events":[{"type":"login","name":"login_success"}]}""");
        var next = offset + size < hits.Count ? $$""","nextPageToken":"p:{{offset + size}}" """ : "";
        var items = hits.Count > offset ? $$""","items":[{{string.Join(",", page)}}]""" : "";
        return FakeResponse.Json($$"""{"kind":"admin#reports#activities"{{next}}{{items}}}""");
    }
}
