using System.Text.Json;
using Helr.PluginSdk.Events;

namespace Helr.Plugins.Slack;

/// <summary>
/// The <c>entries</c> array; a body with <c>"ok": false</c> (Slack's errors, sent even with HTTP
/// 200) holds no events, and <see cref="SlackCycle"/> turns it into an error naming Slack's code.
/// </summary>
internal sealed class SlackEventExtractor : IEventExtractor
{
    private static readonly DottedPath Ok = DottedPath.Parse("ok");
    private readonly JsonEventExtractor _entries = new("entries");

    public void Extract(ReadOnlySpan<byte> body, List<Range> events)
    {
        bool error;
        try
        {
            error = IsError(body);
        }
        catch (JsonException ex)
        {
            // As the entries' extractor says it, so on_parse_error decides (skip, or fail naming the page).
            throw new EventFormatException($"response is not valid JSON: {ex.Message}", ex);
        }
        if (error) return;
        _entries.Extract(body, events);
    }

    /// <summary>True when the body is Slack's <c>{"ok": false, "error": …}</c>.</summary>
    public static bool IsError(ReadOnlySpan<byte> body) =>
        Ok.FindValue(body) is { } range && body[range].SequenceEqual("false"u8);
}
