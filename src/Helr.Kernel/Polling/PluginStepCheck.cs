using Helr.Kernel.Plugins;
using Helr.PluginSdk.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Polling;

/// <summary>
/// Checks what a plugin's cycle hands back before the kernel acts on it. A checkpoint the state
/// store cannot hold (a null value) otherwise failed only at the store, after the page's lines were
/// written, so every cycle wrote the page again (and the test kit's memory store kept it); a null step
/// or events outside the body failed with a bare NullReferenceException or ArgumentOutOfRangeException
/// that did not say whose bug it was.
/// </summary>
internal static class PluginStepCheck
{
    /// <summary><paramref name="step"/>, returned by the plugin's <paramref name="call"/>, once it is usable.</summary>
    public static PageStep Page(PageStep? step, string call, BuiltSource source)
    {
        if (step is null) throw Fault(source, $"{call} returned null (PageStep.Stop() ends the cycle)");
        if (step.Checkpoint is null) throw Fault(source, $"{call} returned a step whose Checkpoint is null");
        if (step.Drop is null) throw Fault(source, $"{call} returned a step whose Drop is null");
        State(step.Checkpoint, call, source);
        if (step.Events is { } events) Inside(events, call, source);
        // A copy: the checkpoint is stored only once the page is written, after the next page's step may
        // have been made, and a cycle that updates one dictionary page by page must not move it ahead.
        return step with { Checkpoint = new Dictionary<string, string>(step.Checkpoint, StringComparer.Ordinal) };
    }

    /// <summary><paramref name="values"/>, state returned by the plugin's <paramref name="call"/>, once every value can be stored.</summary>
    public static IReadOnlyDictionary<string, string> State(IReadOnlyDictionary<string, string>? values, string call, BuiltSource source)
    {
        if (values is null) throw Fault(source, $"{call} returned null instead of a checkpoint (an empty dictionary stores nothing)");
        foreach (var (key, value) in values)
        {
            if (key is null) throw Fault(source, $"{call} returned a checkpoint with a null key");
            if (value is null) throw Fault(source, $"{call} returned a checkpoint without a value for '{key}' (state values cannot be null)");
        }
        return values;
    }

    /// <summary>A plugin call returned something the kernel cannot use.</summary>
    public static PollException Fault(BuiltSource source, string what) => new($"plugin '{source.PluginName}': {what}");

    private static void Inside(EventBatch events, string call, BuiltSource source)
    {
        if (events.Ranges is null) throw Fault(source, $"{call} returned PageStep.Events whose Ranges is null");
        var length = events.Body.Length;
        for (var i = 0; i < events.Ranges.Count; i++)
        {
            var range = events.Ranges[i];
            int start = range.Start.GetOffset(length), end = range.End.GetOffset(length);
            if (start < 0 || end < start || end > length)
                throw Fault(source, $"{call} returned PageStep.Events whose event {i} ({range}) lies outside its body of {length} bytes");
        }
    }
}
