using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Testing;

/// <summary>
/// Compares what a source type declares in <see cref="ISourceType.ConfigKeys"/> with what its reader
/// (<see cref="ISourceType.Create"/>) actually asks for, so <c>helr plugins inspect</c> never shows a
/// key the reader rejects nor hides one it accepts.
/// </summary>
public static class ConfigKeysCheck
{
    /// <summary>
    /// Builds a source from each of <paramref name="sources"/> and returns one line per disagreement:
    /// <c>declared but never read: KEY</c> or <c>read but not declared: KEY</c>; empty when they agree.
    /// A key the reader asks for counts whether or not the section holds it, so each section only needs
    /// the values that steer the reader (e.g. <c>api: cloud_logging</c>) and every nested block the
    /// reader descends into (e.g. <c>"pagination": {}</c>); pass one section per branch. A key declared
    /// with type <c>mapping</c> (e.g. <c>auth</c>) stands for everything below it.
    /// </summary>
    /// <param name="sourceType">The source type under test.</param>
    /// <param name="sources">Source sections as JSON objects (see <see cref="ConfigTree.Source"/>).</param>
    /// <param name="environment">Variables and files for <c>*_env</c>/<c>*_file</c> keys; null gives none (the check does not need them).</param>
    public static IReadOnlyList<string> Mismatches(ISourceType sourceType, IEnumerable<string> sources, IHelrEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(sourceType);
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new List<string>();
        var declared = new Dictionary<string, ConfigKeyInfo>(StringComparer.Ordinal);
        foreach (var key in sourceType.ConfigKeys)
        {
            if (!declared.TryAdd(key.Name, key)) problems.Add($"declared twice: {key.Name}");
        }
        var read = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var json in sources)
        {
            var config = ConfigTree.Source(json);
            sourceType.Create(config, new SourceBuildContext { SourceId = "s", Environment = environment ?? NoEnvironment.Instance });
            Collect(config, "", declared, read);
        }
        problems.AddRange(declared.Keys.Where(k => !read.Contains(k)).Order(StringComparer.Ordinal).Select(k => $"declared but never read: {k}"));
        problems.AddRange(read.Where(k => !declared.ContainsKey(k)).Select(k => $"read but not declared: {k}"));
        return problems;
    }

    /// <summary>
    /// One line per declared key that <c>helr plugins inspect</c> would print incompletely: <c>no type:
    /// KEY</c>, <c>no description: KEY</c>, or <c>required and with a default: KEY</c> (a required key
    /// has none); empty when every key is complete.
    /// </summary>
    /// <param name="sourceType">The source type under test.</param>
    public static IReadOnlyList<string> Incomplete(ISourceType sourceType)
    {
        ArgumentNullException.ThrowIfNull(sourceType);
        var problems = new List<string>();
        foreach (var key in sourceType.ConfigKeys)
        {
            if (string.IsNullOrWhiteSpace(key.Type)) problems.Add($"no type: {key.Name}");
            if (string.IsNullOrWhiteSpace(key.Description)) problems.Add($"no description: {key.Name}");
            if (key.Required && key.Default is not null) problems.Add($"required and with a default: {key.Name}");
        }
        return problems;
    }

    private static void Collect(ConfigNode node, string prefix, Dictionary<string, ConfigKeyInfo> declared, SortedSet<string> read)
    {
        foreach (var key in node.KnownKeys.ToList())
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            var child = node.Child(key);
            // A block the reader opened (pagination:) is not a key of its own: its keys are.
            if (!declared.ContainsKey(path) && child is { Kind: ConfigNodeKind.Mapping } && child.KnownKeys.Count > 0)
                Collect(child, path, declared, read);
            else
                read.Add(path);
        }
    }

    private sealed class NoEnvironment : IHelrEnvironment
    {
        public static readonly NoEnvironment Instance = new();

        public string? GetVariable(string name) => null;

        public string ReadFile(string path) => throw new FileNotFoundException("ConfigKeysCheck reads no files", path);

        public bool CanRead(string path) => false;
    }
}
