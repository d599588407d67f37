using Helr.Kernel.Plugins;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Loads helr.yaml: YAML → config tree (with <c>${VAR}</c> expansion) → global records → each source
/// read by the kernel and by its plugin → unknown keys. Every problem is collected, none stops the rest.
/// </summary>
internal static class ConfigLoader
{
    public static (HelrConfig? Config, ConfigErrors Problems) Load(string path, SourceTypeRegistry registry, IHelrEnvironment? env = null)
    {
        env ??= HostEnvironment.Instance;
        var errors = new ConfigErrors();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add("", $"cannot read config file \"{path}\": {ex.Message}");
            return (null, errors);
        }
        var unresolved = new HashSet<string>(StringComparer.Ordinal);
        var root = YamlConfigReader.Read(text, env, errors, unresolved);
        if (root is null) return (null, errors);
        var expansionProblems = errors.All.Count;
        if (root.Kind != ConfigNodeKind.Mapping)
        {
            errors.Add("", "the config file must be a map with 'global' and 'sources' keys");
            return (null, errors);
        }
        var global = GlobalReader.Read(root.Mapping("global"));
        var sources = ReadSources(root.Mapping("sources", required: true), registry, env, Path.GetDirectoryName(Path.GetFullPath(path))!);
        var readProblems = errors.All.Count;
        root.ReportUnknownKeys();
        foreach (var broken in registry.Catalog.Plugins.Where(p => p.Error is not null))
            errors.Warn("", $"plugin folder '{Path.GetFileName(broken.Folder)}' failed to load, so its source types are unavailable: {broken.Error}");
        errors = WithoutFollowOns(errors, expansionProblems, readProblems, unresolved);
        if (errors.HasErrors) return (null, errors);
        return (new HelrConfig(path, global, sources) { Warnings = errors.Warnings.Select(w => w.ToString()).ToList() }, errors);
    }

    // A value with an unset variable is already reported; what its incomplete text then fails when
    // read (a URL with no host, a number that is now empty) would only bury that one real problem.
    // Problems found after reading, such as the key itself being misspelt, are kept.
    private static ConfigErrors WithoutFollowOns(ConfigErrors errors, int expansionProblems, int readProblems, ISet<string> unresolved)
    {
        if (unresolved.Count == 0) return errors;
        var kept = new ConfigErrors();
        for (var i = 0; i < errors.All.Count; i++)
        {
            var problem = errors.All[i];
            if (i >= expansionProblems && i < readProblems && unresolved.Contains(problem.Path)) continue;
            if (problem.IsWarning) kept.Warn(problem.Path, problem.Message);
            else kept.Add(problem.Path, problem.Message);
        }
        return kept;
    }

    private static string UnknownType(string type, SourceTypeRegistry registry)
    {
        var available = string.Join(", ", registry.Names);
        var text = $"unknown source type '{type}' (available: {(available.Length == 0 ? "none; no plugin loaded" : available)})";
        // The usual cause is a plugin that is there but did not load; say which, rather than only that the type is missing.
        var broken = registry.Catalog.Plugins.FirstOrDefault(p => p.Error is not null
            && string.Equals(Path.GetFileName(p.Folder), type, StringComparison.OrdinalIgnoreCase));
        if (broken is not null) return $"{text}; plugin folder '{Path.GetFileName(broken.Folder)}' failed to load: {broken.Error}";
        if (!System.IO.Directory.Exists(registry.Catalog.Directory)) return $"{text}; the plugins folder {registry.Catalog.Directory} does not exist";
        return text;
    }

    private static List<SourceConfig> ReadSources(ConfigNode? sources, SourceTypeRegistry registry, IHelrEnvironment env, string configDir)
    {
        var result = new List<SourceConfig>();
        if (sources is null) return result;
        if (!sources.Keys.Any()) sources.Fail("config must have at least one source");
        foreach (var id in sources.Keys.ToList())
        {
            var node = sources.Child(id)!;
            if (node is null || node.Kind != ConfigNodeKind.Mapping)
            {
                sources.Fail(id, "a source must be a map of keys (url, auth, pagination, …)");
                continue;
            }
            var settings = SourceSettingsReader.Read(id, node, env);
            if (!registry.TryGet(settings.Type, out var type, out var plugin))
            {
                node.Fail("type", UnknownType(settings.Type, registry));
                node.MarkOpaque();
                continue;
            }
            ISource? source;
            try
            {
                source = type.Create(node, new SourceBuildContext { SourceId = id, Environment = env, ConfigDirectory = configDir });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                node.Fail($"plugin '{plugin.Name}' failed to build this source: {ex.Message}");
                node.MarkOpaque();
                continue;
            }
            if (source is null) continue;
            if (source.Authenticator is not null && source.CredentialOrigins.Count == 0)
            {
                node.Fail($"plugin '{plugin.Name}' built an authenticated source without declaring where its credentials may go (ISource.CredentialOrigins is empty)");
                continue;
            }
            result.Add(new SourceConfig(SourceDefaultsApplier.Apply(settings, source.Defaults, node), source, plugin.Name));
        }
        return result;
    }
}
