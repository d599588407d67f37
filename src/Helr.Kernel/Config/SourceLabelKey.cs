using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>
/// <c>source_label_key</c> (global or per source): the name of the label in every NDJSON line. The
/// envelope's own fields cannot be it: a line would carry that key twice, which JSON readers resolve
/// differently (last wins, first wins, or an error), so the event or its time would be lost downstream.
/// </summary>
internal static class SourceLabelKey
{
    private static readonly string[] Envelope = { "ts", "endpoint", "event", "meta" };

    public static string? Read(ConfigNode node)
    {
        var key = node.String("source_label_key");
        if (key is { Length: 0 }) node.Fail("source_label_key", "must not be empty");
        else if (key is not null && Envelope.Contains(key, StringComparer.Ordinal))
            node.Fail("source_label_key", $"'{key}' is a field of the envelope (ts, endpoint, event, meta); every line would have it twice");
        return key;
    }
}
