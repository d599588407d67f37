using System.Text.Json;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Time;

namespace Helr.Plugins.Gws;

/// <summary>
/// Cloud Logging entries.list: POST with resourceNames, filter, orderBy, pageSize and pageToken in
/// the JSON body; the window is added to the user's filter on <c>timestamp</c>.
/// </summary>
internal sealed class EntriesQuery(Uri endpoint, IReadOnlyList<string> resourceNames, string? filter, int pageSize) : IWindowQuery
{
    public Uri Endpoint => endpoint;

    public DottedPath TimePath { get; } = DottedPath.Parse("timestamp");

    public bool NewestFirst => false;

    public DottedPath KeyPath { get; } = DottedPath.Parse("insertId");

    // Several resource_names (projects) may each have an entry with the same timestamp and insertId.
    public DottedPath? ScopePath { get; } = DottedPath.Parse("logName");

    public string Fingerprint { get; } = StoredPageToken.FingerprintOf(endpoint, resourceNames
        .Select(name => new KeyValuePair<string, string?>("resourceNames", name))
        .Append(new("filter", filter)).Append(new("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    // The filter is what picks a log (logName=…) within the resources, so it chooses the stream as they do;
    // the order the resources are listed in does not.
    public string Stream { get; } = StoredPageToken.FingerprintOf(endpoint, resourceNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
        .Select(name => new KeyValuePair<string, string?>("resourceNames", name))
        .Append(new("filter", string.IsNullOrWhiteSpace(filter) ? null : filter.Trim())));

    // A comment (--) runs to the end of its line: one on the filter's last line would swallow the closing
    // parenthesis and the window. Only such a filter gets the line break, so every other request is as before.
    private string LineEnd => filter is not null && filter.Contains("--", StringComparison.Ordinal) ? "\n" : "";

    public PageRequest Request(DateTimeOffset start, DateTimeOffset end, string? pageToken)
    {
        var window = $"timestamp>=\"{Rfc3339.Format(start)}\" AND timestamp<=\"{Rfc3339.Format(end)}\"";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceNames");
            foreach (var name in resourceNames) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteString("filter", string.IsNullOrWhiteSpace(filter) ? window : $"({filter}{LineEnd}) AND {window}");
            json.WriteString("orderBy", "timestamp asc");
            json.WriteNumber("pageSize", pageSize);
            if (pageToken is not null) json.WriteString("pageToken", pageToken);
            json.WriteEndObject();
        }
        return new PageRequest { Method = HttpMethod.Post, Url = endpoint, JsonBody = buffer.ToArray() };
    }

    public bool CarriesToken(PageRequest request) =>
        request.JsonBody is { } body && body.Span.IndexOf("\"pageToken\""u8) >= 0;
}
