using System.Text;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Tests.Support;

/// <summary>Builds the contexts, responses and event batches a poll cycle sees.</summary>
internal static class Pages
{
    public static CycleContext Context(ISourceState? state = null, IPluginLogger? log = null) =>
        new() { SourceId = "s", State = state ?? new DictionaryState(), Sender = new UnusedSender(), Log = log ?? new RecordingLogger() };

    public static PageResponse Response(PageRequest request, string body, int status = 200, Uri? url = null, params string[] links)
    {
        var message = new HttpResponseMessage();
        foreach (var link in links) message.Headers.TryAddWithoutValidation("Link", link);
        return new PageResponse { Request = request, StatusCode = status, Url = url ?? request.Url, Headers = message.Headers, Body = Encoding.UTF8.GetBytes(body) };
    }

    /// <summary>The events a <see cref="JsonEventExtractor"/> (the default one unless paths are given) finds in <paramref name="body"/>.</summary>
    public static EventBatch Events(string body, string? eventsPath = null, string? objectPath = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ranges = new List<Range>();
        new JsonEventExtractor(eventsPath, objectPath).Extract(bytes, ranges);
        return new EventBatch { Body = bytes, Ranges = ranges };
    }

    /// <summary>A page whose body could not be read, on a source that skips parse errors.</summary>
    public static EventBatch ParseFailure(string body) =>
        new() { Body = Encoding.UTF8.GetBytes(body), Ranges = Array.Empty<Range>(), ParseError = "response is not valid JSON" };

    /// <summary>Drives one page through <paramref name="cycle"/>.</summary>
    public static PageStep Page(this IPollCycle cycle, PageRequest request, string body, params string[] links) =>
        cycle.OnPage(Response(request, body, links: links), Events(body));

    public static string Text(this ReadOnlyMemory<byte>? body) => body is null ? "<none>" : Encoding.UTF8.GetString(body.Value.Span);

    private sealed class UnusedSender : IHttpSender
    {
        public Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("declarative cycles send nothing themselves");
    }
}
