using Helr.PluginSdk.Http;

namespace Helr.PluginSdk.Sources;

/// <summary>What happens after a page: the next request (null to stop) and state to checkpoint.</summary>
/// <param name="Next">The next request; null ends the cycle.</param>
/// <param name="Checkpoint">State keys to store once this page's events are flushed; may be empty.</param>
public sealed record PageStep(PageRequest? Next, IReadOnlyDictionary<string, string> Checkpoint)
{
    private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>();

    /// <summary>Ends the cycle, storing <paramref name="checkpoint"/>.</summary>
    public static PageStep Stop(IReadOnlyDictionary<string, string>? checkpoint = null) => new(null, checkpoint ?? Nothing);

    /// <summary>Fetches <paramref name="next"/>, storing <paramref name="checkpoint"/> first.</summary>
    public static PageStep Continue(PageRequest next, IReadOnlyDictionary<string, string>? checkpoint = null) => new(next, checkpoint ?? Nothing);

    /// <summary>A one-key checkpoint.</summary>
    public static IReadOnlyDictionary<string, string> State(string key, string value) => new Dictionary<string, string> { [key] = value };
}
