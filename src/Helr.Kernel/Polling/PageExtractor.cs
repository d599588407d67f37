using System.Text.Unicode;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;
using Serilog;
using static Helr.Kernel.Text.UrlText;

namespace Helr.Kernel.Polling;

/// <summary>
/// Finds a page's events: repairs invalid UTF-8 as <c>on_invalid_utf8</c> says, then finishes the
/// scan that ran while the body arrived (or runs the source's extractor over the whole body), and
/// turns a body it cannot read into a failure or, under <c>on_parse_error: skip</c>, an empty page.
/// </summary>
internal sealed class PageExtractor(SourceSettings settings, IEventExtractor extractor, ILogger log, Telemetry telemetry, Text.SecretScrubber? secrets = null)
{
    private readonly List<Range> _ranges = new();

    /// <summary>The scanner to feed a body as it arrives, when the source's extractor has one.</summary>
    public Func<IEventScanner>? StartScan { get; } = extractor is IIncrementalEventExtractor incremental ? incremental.StartScan : null;

    public EventBatch Extract(PageResponse response, IEventScanner? scanner)
    {
        _ranges.Clear();
        try
        {
            if (!Utf8.IsValid(response.Body.Span)) throw new EventFormatException("response body is not valid UTF-8");
            if (scanner is not null) scanner.Complete(response.Body.Span, _ranges);
            else extractor.Extract(response.Body.Span, _ranges);
            return new EventBatch { Body = response.Body, Ranges = _ranges.ToArray() };
        }
        catch (EventFormatException ex)
        {
            ParseFailed(response, ex.Message, ex);
            return new EventBatch { Body = response.Body, Ranges = Array.Empty<Range>(), ParseError = ex.Message };
        }
    }

    /// <summary>
    /// The events a source that parses pages itself handed over (<see cref="PageStep.Events"/>). When it
    /// could not read the page (<see cref="EventBatch.ParseError"/>) that counts as a parse error of the
    /// kernel's own, decided by <c>on_parse_error</c>. Nothing of a page skipped either way is written.
    /// </summary>
    public EventBatch Own(PageResponse response, EventBatch extracted, EventBatch own)
    {
        if (extracted.ParseError is null && own.ParseError is null) return own;
        // When the kernel's extraction failed first, the page was reported skipped then.
        if (extracted.ParseError is null) ParseFailed(response, own.ParseError!);
        return own with { Ranges = Array.Empty<Range>(), ParseError = extracted.ParseError ?? own.ParseError };
    }

    /// <summary>A page cannot be read: fails the cycle, or under <c>on_parse_error: skip</c> reports the page skipped.</summary>
    public void ParseFailed(PageResponse response, string message, Exception? cause = null)
    {
        if (!settings.SkipParseErrors)
            throw new PollException($"cannot read events from {Shown(response.Url)}{ContentTypeHint(response)}: {message}", cause);
        telemetry.Emit(new PageSkipped(settings.Id, Shown(response.Url), ContentTypeHint(response), message));
    }

    // on_invalid_utf8 unset: Extract treats invalid UTF-8 as a parse error, so on_parse_error decides.
    public ReadOnlyMemory<byte> Utf8Body(PageResponse response)
    {
        var policy = settings.OnInvalidUtf8;
        if (policy == InvalidUtf8Policy.Strict) return response.Body;
        var body = Utf8Repair.Apply(response.Body, policy, out var repaired);
        if (repaired > 0)
            log.Warning("response from {Url} had {Count} invalid UTF-8 sequence(s), {Action} (on_invalid_utf8: {Policy})", Shown(response.Url), repaired,
                policy == InvalidUtf8Policy.Replace ? "replaced by U+FFFD" : "escaped as \\xHH", policy.ToString().ToLowerInvariant());
        return body;
    }

    /// <summary>
    /// A page's URL as the source's warnings name it: without its query, and without a credential of the
    /// source's config in its path (Telegram's <c>/bot&lt;token&gt;/…</c>).
    /// </summary>
    public string Shown(Uri url) => secrets?.Scrub(Redact(url)) ?? Redact(url);

    // A login or error page served with status 200 is the usual cause; say so instead of only "'<' is invalid".
    private static string ContentTypeHint(PageResponse response)
    {
        var body = response.Body.Span.TrimStart(" \t\r\n"u8);
        return body.Length > 0 && body[0] == (byte)'<' ? " (the body looks like HTML or XML, not JSON)" : "";
    }
}
