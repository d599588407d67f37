using System.Globalization;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Paging;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>Reports API activities.list: GET with startTime, endTime, maxResults and pageToken in the query.</summary>
internal sealed class ReportsQuery(Uri endpoint, int maxResults, IReadOnlyList<KeyValuePair<string, string>> extra) : IWindowQuery
{
    public Uri Endpoint => endpoint;

    public DottedPath TimePath { get; } = DottedPath.Parse("id.time");

    public bool NewestFirst => true;

    public DottedPath KeyPath { get; } = DottedPath.Parse("id.uniqueQualifier");

    public DottedPath? ScopePath => null;

    public string Fingerprint { get; } = StoredPageToken.FingerprintOf(endpoint,
        extra.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).Append(new("maxResults", maxResults.ToString(CultureInfo.InvariantCulture))));

    // The endpoint names the application and user; customerId another customer's activities. eventName
    // and filters only narrow the same activities, so an edit of them keeps the windows.
    public string Stream { get; } = StoredPageToken.FingerprintOf(endpoint,
        extra.Where(p => p.Key == "customerId").Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));

    public PageRequest Request(DateTimeOffset start, DateTimeOffset end, string? pageToken)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("startTime", Rfc3339.Format(start)),
            new("endTime", Rfc3339.Format(end)),
            new("maxResults", maxResults.ToString(CultureInfo.InvariantCulture)),
        };
        query.AddRange(extra);
        // Google wants the same startTime/endTime with the page token.
        if (pageToken is not null) query.Add(new("pageToken", pageToken));
        return PageRequest.Get(QueryString.Append(endpoint, query));
    }

    public bool CarriesToken(PageRequest request) => request.Url.Query.Contains("pageToken=", StringComparison.Ordinal);
}
