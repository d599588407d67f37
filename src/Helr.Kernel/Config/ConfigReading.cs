using Helr.Kernel.Config.Hints;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// The kernel's part of loading helr.yaml, around the sources: YAML → data (<c>${VAR}</c> expanded)
/// → reading tree → <c>global:</c>; then each source's block, which the kernel's and its plugin's
/// readers read (Plugins/ConfigLoader does that, since it calls the plugins); then unknown keys and
/// the hints that point to the fix. Every problem is collected, none stops the rest.
/// </summary>
internal sealed class ConfigReading
{
    private readonly HashSet<string> _unresolved;
    private readonly int _expansionProblems;
    private readonly Dictionary<string, string> _secrets;

    private ConfigReading(string path, string text, ConfigValue value, ConfigNode root, ConfigErrors errors, HashSet<string> unresolved, int expansionProblems,
        Dictionary<string, string> secrets)
    {
        _secrets = secrets;
        Path = path;
        Text = text;
        Value = value;
        Root = root;
        Errors = errors;
        _unresolved = unresolved;
        _expansionProblems = expansionProblems;
        Global = GlobalReader.Read(root.Mapping("global"));
    }

    public string Path { get; }

    /// <summary>The file's text as read (kept: reading it again could see a later edit).</summary>
    public string Text { get; }

    /// <summary>Folder of the config file, for plugins whose own files sit beside it.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    public ConfigValue Value { get; }
    public ConfigNode Root { get; }
    public ConfigErrors Errors { get; private set; }
    public GlobalConfig Global { get; }

    /// <summary>Reads the file up to and including <c>global:</c>; null when it is not a readable YAML map (the problem is on <paramref name="errors"/>).</summary>
    public static ConfigReading? Start(string path, IHelrEnvironment env, ConfigErrors errors)
    {
        if (ConfigFileText.Read(path, out var problem) is not { } text)
        {
            errors.Add("", problem);
            return null;
        }
        (env as IConfigTextReader)?.Read(text);
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var value = YamlConfigReader.ReadValue(text, env, errors, unresolved, secrets);
        if (value is null) return null;
        var expansionProblems = errors.All.Count;
        if (value.Kind != ConfigNodeKind.Mapping)
        {
            errors.Add("", "the config file must be a map with 'global' and 'sources' keys");
            return null;
        }
        return new ConfigReading(path, text, value, value.ToNode("", errors), errors, unresolved, expansionProblems, secrets);
    }

    /// <summary>Each source that is a map: its id, its reading node and its block as data. Reports the others.</summary>
    public IEnumerable<(string Id, ConfigNode Node, ConfigValue Block)> Sources()
    {
        var sources = Root.Mapping("sources", required: true);
        if (sources is null) yield break;
        // An empty map is a config not filled in yet (the Debian package's /etc/helr/helr.yaml): valid,
        // so it can ship and be checked, but `run` refuses it (RunPipeline) rather than idle.
        if (!sources.Keys.Any()) sources.Errors.Warn(sources.Path, "no source is configured: `helr run` refuses to start until one is");
        foreach (var id in sources.Keys.ToList())
        {
            var node = sources.Child(id);
            // Upstream takes any text; an empty id labels events and log lines with nothing, keys the state
            // under "", records into --record-dir itself and cannot be given to --source.
            if (string.IsNullOrWhiteSpace(id))
            {
                node?.MarkOpaque();
                sources.Fail($"a source id is empty (the source whose keys start on line {Value["sources"]![id]!.Line}); "
                    + "name it: the name labels its events and keys its state");
                continue;
            }
            if (node is null || node.Kind != ConfigNodeKind.Mapping)
            {
                sources.Fail(id, "a source must be a map of keys (url, auth, pagination, …)");
                continue;
            }
            yield return (id, node, Value["sources"]![id]!);
        }
    }

    /// <summary>Once every reader has run: unknown keys, then <paramref name="warnings"/>, then hints; the problems to report.</summary>
    /// <param name="afterReading">Gets the reading tree (tests compare what was read with the hint index).</param>
    public ConfigErrors Finish(Action<ConfigNode>? afterReading, IEnumerable<string> warnings)
    {
        var readProblems = Errors.All.Count;
        Root.ReportUnknownKeys();
        afterReading?.Invoke(Root);
        var unknownProblems = Errors.All.Count;
        foreach (var warning in warnings) Errors.Warn("", warning);
        // Last: a message quoting a value from a secret's variable shows ${VAR} instead.
        Errors = ExpandedSecrets.Scrub(ConfigHints.Improve(Errors, Root, _expansionProblems, readProblems, unknownProblems, _unresolved), _secrets);
        return Errors;
    }
}
