using System.Text;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>Drives a page through <see cref="IStreamingPollCycle"/> as the kernel streams it: windows, then the skeleton.</summary>
internal static class StreamedPages
{
    /// <summary>The body without its events: the bytes before the first and after the last.</summary>
    public static string Skeleton(string body)
    {
        var events = Pages.Events(body);
        if (events.Count == 0) return body;
        var bytes = Encoding.UTF8.GetBytes(body);
        var start = events.Ranges[0].Start.Value;
        var end = events.Ranges[^1].End.Value;
        return Encoding.UTF8.GetString(bytes.AsSpan(0, start)) + Encoding.UTF8.GetString(bytes.AsSpan(end));
    }

    /// <summary>
    /// Streams <paramref name="body"/> in windows of <paramref name="perWindow"/> events; returns the
    /// step and the page's dropped events (by index in the page). With <paramref name="parseError"/> the
    /// page ends malformed after all its windows.
    /// </summary>
    public static (PageStep Step, List<int> Drop) Stream(this IStreamingPollCycle cycle, PageRequest request, string body, int perWindow,
        string? parseError = null, params string[] links)
    {
        var events = Pages.Events(body);
        var head = Pages.Response(request, "", links: links);
        var drop = new List<int>();
        for (var first = 0; first < events.Count; first += perWindow)
        {
            var window = events with { Ranges = events.Ranges.Skip(first).Take(perWindow).ToArray() };
            var step = cycle.OnEventWindow(new EventWindow { Response = head with { Body = default }, Events = window, FirstIndex = first });
            drop.AddRange(step.Drop.Select(i => first + i));
        }
        var skeleton = head with { Body = Encoding.UTF8.GetBytes(Skeleton(body)) };
        var end = cycle.OnStreamedPage(new StreamedPage
        {
            Response = skeleton, BodyLength = Encoding.UTF8.GetByteCount(body), EventCount = parseError is null ? events.Count : 0, ParseError = parseError,
        });
        return (end, drop);
    }
}
