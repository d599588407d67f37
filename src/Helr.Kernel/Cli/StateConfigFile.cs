using Helr.Kernel.Config;
using Helr.Kernel.Config.Hints;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Cli;

/// <summary>
/// The part of helr.yaml the <c>state</c> commands use: <c>global.state</c> and the source ids, without
/// the sources' secrets (only their ids and urls). A state block the loader would not find (mis-indented to the top level,
/// misspelt, under a <c>global</c> that is not a map) is an error here too: read as no block, it
/// would send the command to the memory store, where an import or set is lost on exit.
/// </summary>
internal static class StateConfigFile
{
    public static (StateConfig? State, IReadOnlyDictionary<string, UrlSecretParameters> Sources) Read(string path)
    {
        if (ConfigFileText.Read(path, out var problem) is not { } text)
        {
            Console.Error.WriteLine($"error: {problem}");
            return (null, new Dictionary<string, UrlSecretParameters>());
        }
        var errors = new ConfigErrors();
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        var value = YamlConfigReader.ReadValue(text, HostEnvironment.Instance, errors, unresolved);
        var root = value?.ToNode("", errors);
        var readStart = errors.All.Count;
        // All of global is read so that its keys count as known; its other blocks' problems are not ours.
        var state = GlobalReader.Read(root?.Mapping("global")).State;
        var sourcesNode = root?.Kind == ConfigNodeKind.Mapping ? root.Child("sources") : null;
        // Only the ids and their urls: building the sources would need their secrets.
        var blocks = value?.Kind == ConfigNodeKind.Mapping ? value["sources"] : null;
        var sources = (blocks?.Keys ?? []).ToDictionary(id => id, id => UrlSecretParameters.Of(blocks![id]), StringComparer.Ordinal);
        sourcesNode?.MarkOpaque();
        var unknownStart = errors.All.Count;
        root?.ReportUnknownKeys();
        var misplaced = errors.All.Skip(unknownStart).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var all = root is null ? errors : ConfigHints.Improve(errors, root, readStart, unknownStart, errors.All.Count, unresolved);
        var relevant = all.Errors.Where(e => e.Path is "" or "global" || e.Path.StartsWith("global.state", StringComparison.Ordinal) || misplaced.Contains(e.Path)).ToList();
        if (relevant.Count == 0) return (state, sources);
        foreach (var e in relevant) Console.Error.WriteLine($"error: {e}");
        return (null, sources);
    }
}
