using Helr.Kernel.Config.Hints;
using Helr.Kernel.Plugins;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Loads helr.yaml: YAML → config tree (with <c>${VAR}</c> expansion) → global records → each source
/// read by the kernel and by its plugin → unknown keys → hints that point to the fix. Every problem
/// is collected, none stops the rest.
/// </summary>
internal static class ConfigLoader
{
    /// <param name="afterReading">Gets the config tree once every reader has run (tests compare what was read with the hint index).</param>
    public static (HelrConfig? Config, ConfigErrors Problems) Load(string path, SourceTypeRegistry registry, IHelrEnvironment? env = null,
        Action<ConfigNode>? afterReading = null, Observability.Telemetry.AuditTrail? audit = null)
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
        var sourceAudit = global.Audit.Credentials ? audit : null;
        var sources = ReadSources(root.Mapping("sources", required: true), registry, env, Path.GetDirectoryName(Path.GetFullPath(path))!, sourceAudit, global.Hooks);
        var readProblems = errors.All.Count;
        root.ReportUnknownKeys();
        afterReading?.Invoke(root);
        var unknownProblems = errors.All.Count;
        foreach (var broken in registry.Catalog.Plugins.Where(p => p.Error is not null))
            errors.Warn("", $"plugin folder '{Path.GetFileName(broken.Folder)}' failed to load, so its source types are unavailable: {broken.Error}");
        errors = ConfigHints.Improve(errors, root, expansionProblems, readProblems, unknownProblems, unresolved);
        if (errors.HasErrors) return (null, errors);
        if (global.Audit.ConfigChanges) audit?.Emit(new Observability.Telemetry.Events.ConfigLoaded(Path.GetFullPath(path), sources.Count));
        return (new HelrConfig(path, global, sources) { Warnings = errors.Warnings.Select(w => w.ToString()).ToList() }, errors);
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

    /// <summary>
    /// An auth block whose lines slipped to the source's indentation makes its <c>type: bearer</c> the
    /// source's type. Say that, so the source can be read as the default type and its other problems
    /// are reported too, instead of being hidden behind "unknown source type".
    /// </summary>
    private static bool ReportedDedentedAuth(ConfigNode node, string type)
    {
        if (!AuthReader.BuiltInTypes.Concat(AuthReader.PlannedTypes).Contains(type, StringComparer.OrdinalIgnoreCase)) return false;
        var authKeys = ConfigSchema.KeysOf("sources.*.auth")!;
        var sourceKeys = ConfigSchema.KeysOf("sources.*")!;
        var slipped = node.Keys.Where(k => authKeys.ContainsKey(k) && (k == "type" || !sourceKeys.ContainsKey(k))).ToArray();
        node.Fail("type", $"'{type}' is an auth type, not a source type: indent {string.Join(", ", slipped)} under auth:");
        node.Know(slipped);
        return true;
    }

    // Vendors' range filters are inclusive: without an id the events at the watermark cannot be told from new ones.
    private static void WarnWithoutBoundaryIds(ConfigNode node, ISource source, SourceSettings settings)
    {
        if (settings.DedupeIdPath is not null || settings.IdField is not null) return;
        if (source is not Helr.PluginSdk.Declarative.DeclarativeSource { Options: var o }) return;
        var key = o.Watermark is not null && node.Has("state") ? "state" : o.IncrementalFrom is not null && node.Has("incremental_from") ? "incremental_from" : null;
        if (key is null && (o.Watermark ?? o.IncrementalFrom) is null) return;
        node.Errors.Warn(key is null ? node.Path : node.ChildPath(key), "no event id is configured (dedupe.id_path or transform.id_field), so the events at the stored watermark, "
            + "which the API's inclusive filter returns again, cannot be recognised and are written again every cycle");
    }

    private static List<SourceConfig> ReadSources(ConfigNode? sources, SourceTypeRegistry registry, IHelrEnvironment env, string configDir,
        Observability.Telemetry.AuditTrail? audit, HookSettings hooks)
    {
        var result = new List<SourceConfig>();
        if (sources is null) return result;
        // An empty map is a config not filled in yet (the Debian package's /etc/helr/helr.yaml): valid,
        // so it can ship and be checked, but `run` refuses it (RunPipeline) rather than idle.
        if (!sources.Keys.Any()) sources.Errors.Warn(sources.Path, "no source is configured: `helr run` refuses to start until one is");
        foreach (var id in sources.Keys.ToList())
        {
            var node = sources.Child(id)!;
            if (node is null || node.Kind != ConfigNodeKind.Mapping)
            {
                sources.Fail(id, "a source must be a map of keys (url, auth, pagination, …)");
                continue;
            }
            var sourceEnv = audit is null ? env : new AuditedEnvironment(env, id, audit);
            var settings = SourceSettingsReader.Read(id, node, sourceEnv);
            if (!registry.TryGet(settings.Type, out var type, out var plugin))
            {
                var dedentedAuth = ReportedDedentedAuth(node, settings.Type);
                if (!dedentedAuth || !registry.TryGet(SourceSettings.DefaultType, out type, out plugin))
                {
                    if (!dedentedAuth) node.Fail("type", UnknownType(settings.Type, registry));
                    node.MarkOpaque();
                    continue;
                }
            }
            ISource? source;
            try
            {
                source = type.Create(node, new SourceBuildContext { SourceId = id, Environment = sourceEnv, ConfigDirectory = configDir, Hooks = hooks });
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
            var applied = SourceDefaultsApplier.Apply(settings, source.Defaults, node);
            WarnWithoutBoundaryIds(node, source, applied);
            result.Add(new SourceConfig(applied, source, plugin.Name));
        }
        return result;
    }
}
