using Helr.Kernel.Config;
using Helr.Kernel.Config.Hints;
using Helr.PluginSdk.Auth;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>
/// Turns a source's config (data) into a live source: its plugin's <see cref="ISourceType.Create"/>
/// reads the block, checks the credentials' origins, and lays the plugin's vendor defaults under the
/// user's kernel settings. <see cref="ConfigLoader"/> builds through here while it validates.
/// </summary>
internal static class SourceBuilder
{
    /// <summary>Every source of <paramref name="config"/>, from its data alone; the problems say which did not build.</summary>
    public static (BuiltSources Sources, ConfigErrors Problems) Build(HelrConfig config, SourceTypeRegistry registry, IHelrEnvironment? env = null)
    {
        env ??= HostEnvironment.Instance;
        var errors = new ConfigErrors();
        var directory = Path.GetDirectoryName(Path.GetFullPath(config.Path))!;
        var built = new List<BuiltSource>();
        foreach (var source in config.Sources)
        {
            // Each source its own problem list: plugins give up on a source once its list holds an error.
            var own = new ConfigErrors();
            var node = source.Block.ToNode($"sources.{source.Id}", own);
            var context = new SourceBuildContext { SourceId = source.Id, Environment = env, ConfigDirectory = directory, Hooks = config.Global.Hooks };
            if (Build(source, node, registry, context) is { } one) built.Add(one);
            foreach (var problem in own.All)
            {
                if (problem.IsWarning) errors.Warn(problem.Path, problem.Message);
                else errors.Add(problem.Path, problem.Message);
            }
        }
        return (new BuiltSources(built), errors);
    }

    /// <summary>One source, its plugin reading <paramref name="node"/> (its block); problems go to <c>node.Errors</c>. Null when unusable.</summary>
    public static BuiltSource? Build(SourceConfig config, ConfigNode node, SourceTypeRegistry registry, SourceBuildContext context)
    {
        var settings = config.Settings;
        if (!registry.TryGet(settings.Type, out var type, out var plugin))
        {
            var dedentedAuth = ReportedDedentedAuth(node, settings.Type);
            if (!dedentedAuth || !registry.TryGet(SourceSettings.DefaultType, out type, out plugin))
            {
                if (!dedentedAuth) node.Fail("type", UnknownType(settings.Type, registry));
                node.MarkOpaque();
                return null;
            }
        }
        ISource? source;
        try
        {
            source = type.Create(node, context);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            node.Fail($"plugin '{plugin.Name}' failed to build this source: {Scrubbed(PluginExceptionText.Describe(ex), config, context)}");
            node.MarkOpaque();
            return null;
        }
        if (source is null) return null;
        // What the kernel reads from the source is the plugin's code too: a null or a throwing getter ended
        // validate, run and a reload with an unhandled exception instead of this source's error.
        try
        {
            if (Unusable(source) is { } why)
            {
                node.Fail($"plugin '{plugin.Name}' {why}");
                return null;
            }
            var applied = SourceDefaultsApplier.Apply(settings, source.Defaults, node);
            if (applied.DedupeIdPath is null && node.Child("dedupe") is { Kind: ConfigNodeKind.Mapping } dedupe) dedupe.Fail("id_path", "required");
            WarnWithoutBoundaryIds(node, source, applied);
            return new BuiltSource(config, source, plugin.Name, applied);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            node.Fail($"plugin '{plugin.Name}' built a source helr cannot read: {Scrubbed(PluginExceptionText.Describe(ex), config, context)}");
            return null;
        }
    }

    // A plugin's message may quote the credential it just read ("token … refused"); the error goes to validate's output and the log.
    private static string Scrubbed(string message, SourceConfig config, SourceBuildContext context) =>
        new Text.SecretScrubber(ConfiguredCredentials.Of(config.Block, context.Environment)).Scrub(message);

    private static string? Unusable(ISource source)
    {
        if (source.Defaults is null) return "built a source without defaults (ISource.Defaults is null; SourceDefaults.None is none)";
        if (source.Extractor is null) return "built a source without an event extractor (ISource.Extractor is null)";
        if (source.Authenticator is not null && source.CredentialOrigins is not { Count: > 0 })
            return "built an authenticated source without declaring where its credentials may go (ISource.CredentialOrigins is empty)";
        return source.CredentialOrigins is null ? "built a source whose ISource.CredentialOrigins is null (an empty list when it sends no credentials)" : null;
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
}
