using System.Globalization;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>Reads the kernel-owned keys of one source.</summary>
internal static class SourceSettingsReader
{
    // Read once per source; a config of many sources would allocate them each time.
    private static readonly string[] CheckpointChoices = ["per_page", "end_of_tick"];
    private static readonly string[] StateErrorChoices = ["fail", "skip_checkpoint"];
    private static readonly string[] ParseErrorChoices = ["skip", "fail"];
    private static readonly string[] InvalidUtf8Choices = ["replace", "escape", "fail"];
    private static readonly string[] LineLimitChoices = ["truncate", "skip", "fail"];

    public static SourceSettings Read(string id, ConfigNode node, IHelrEnvironment env)
    {
        var schedule = node.Mapping("schedule");
        var transform = node.Mapping("transform");
        var dedupe = node.Mapping("dedupe");
        var settings = new SourceSettings
        {
            Id = id,
            Type = node.String("type") ?? SourceSettings.DefaultType,
            // Upstream waits at least 1 s between ticks, so its configs may say 0 for "as often as it can".
            IntervalSecs = Math.Max(1, schedule?.Number("interval_secs", min: 0) ?? 60),
            JitterSecs = schedule?.Number("jitter_secs", min: 0) ?? 0,
            LabelKey = SourceLabelKey.Read(node),
            LabelValue = node.String("source_label_value"),
            TimestampField = transform?.DottedPathString("timestamp_field"),
            IdField = transform?.DottedPathString("id_field"),
            DedupeIdPath = DedupeIdPath(dedupe),
            DedupeCapacity = (int)(dedupe?.ZeroActsAsOne("capacity", "only the last event id is remembered", max: 100_000_000) ?? 100_000),
            CheckpointPerPage = node.Choice("checkpoint", CheckpointChoices) != "end_of_tick",
            SkipCheckpointOnStateError = node.Choice("on_state_write_error", StateErrorChoices) == "skip_checkpoint",
            SkipParseErrors = node.Choice("on_parse_error", ParseErrorChoices) == "skip",
            MaxResponseBytes = node.AtLeastOne("max_response_bytes",
                "0 is not unlimited: every response with a body is over it and fails, in upstream too; leave it out for the default (256 MiB)"),
            Priority = (int)(node.Integer("priority", min: 0, max: int.MaxValue) ?? 10),
            Resilience = ResilienceReader.Read(node.Mapping("resilience"), env),
            OnInvalidUtf8 = node.Choice("on_invalid_utf8", InvalidUtf8Choices) switch
            {
                "replace" => InvalidUtf8Policy.Replace, "escape" => InvalidUtf8Policy.Escape, "fail" => InvalidUtf8Policy.Fail, _ => InvalidUtf8Policy.Strict,
            },
            MaxLineBytes = node.AtLeastOne("max_line_bytes", "0 is not unlimited: every line is over it, so upstream fails each poll, "
                + "skips every event or writes empty lines (by max_line_bytes_behavior); leave it out for no limit"),
            MaxLineBytesBehavior = node.Choice("max_line_bytes_behavior", LineLimitChoices) switch
            {
                "truncate" => LineLimitBehavior.Truncate, "skip" => LineLimitBehavior.Skip, _ => LineLimitBehavior.Fail,
            },
        };
        if (settings.JitterSecs > settings.IntervalSecs) WarnJitterPastInterval(schedule!, settings.IntervalSecs, settings.JitterSecs);
        return settings;
    }

    // A wait is interval ± jitter with a 1 s floor, as upstream's: past the interval, a share of the
    // waits is that floor and the source polls back to back, which nothing else would tell.
    private static void WarnJitterPastInterval(ConfigNode schedule, double interval, double jitter)
    {
        var percent = (int)Math.Round(Math.Min(1, (jitter - interval + 1) / (2 * jitter)) * 100);
        schedule.Errors.Warn(schedule.ChildPath("jitter_secs"), $"{schedule.Child("jitter_secs")!.ScalarValue} is more than interval_secs "
            + $"({interval.ToString(CultureInfo.InvariantCulture)}): about {percent} % of the waits between cycles are cut to 1 s, "
            + "so the source can poll back to back, as upstream; keep jitter_secs at most interval_secs");
    }

    // Not required here: a source type may bring its own id path (SourceBuilder asks for one where it does not).
    private static string? DedupeIdPath(ConfigNode? dedupe)
    {
        var path = dedupe?.DottedPathString("id_path");
        if (path is { Length: 0 }) dedupe!.Fail("id_path", "must not be empty");
        return path;
    }
}
