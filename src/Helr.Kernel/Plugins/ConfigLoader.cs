using Helr.Kernel.Config;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Plugins;

/// <summary>
/// Loads and validates helr.yaml: the kernel reads the file and <c>global:</c>
/// (<see cref="ConfigReading"/>), then each source's kernel keys and, through
/// <see cref="SourceBuilder"/>, its plugin's keys (only the plugin knows them, so validating a source
/// means building it), then unknown keys and hints. Lives here, not in Config/, because it calls the
/// plugins. Returns the config as data plus the sources built on the way.
/// </summary>
internal static class ConfigLoader
{
    /// <param name="afterReading">Gets the config tree once every reader has run (tests compare what was read with the hint index).</param>
    /// <param name="reload">A running helr reads its config again: the caller audits "config reloaded" once the new config is in force.</param>
    public static (LoadedConfig? Loaded, ConfigErrors Problems) Load(string path, SourceTypeRegistry registry, IHelrEnvironment? env = null,
        Action<ConfigNode>? afterReading = null, Observability.Telemetry.AuditTrail? audit = null, bool reload = false)
    {
        env ??= HostEnvironment.Instance;
        var errors = new ConfigErrors();
        var reading = ConfigReading.Start(path, env, errors);
        if (reading is null) return (null, errors);
        var global = reading.Global;
        var sourceAudit = global.Audit.Credentials ? audit : null;
        var sources = new List<SourceConfig>();
        var built = new List<BuiltSource>();
        // Read once: each read resolves the path against the working directory (a getcwd per source).
        var directory = reading.Directory;
        foreach (var (id, node, block) in reading.Sources())
        {
            var sourceEnv = new BuildReadsEnvironment(sourceAudit is null ? env : new AuditedEnvironment(env, id, sourceAudit));
            var config = new SourceConfig(SourceSettingsReader.Read(id, node, sourceEnv), block);
            var context = new SourceBuildContext { SourceId = id, Environment = sourceEnv, ConfigDirectory = directory, Hooks = global.Hooks };
            if (SourceBuilder.Build(config, node, registry, context) is not { } source) continue;
            config = config with { FilesRead = sourceEnv.Seal() };
            sources.Add(config);
            built.Add(new BuiltSource(config, source.Source, source.PluginName, source.Settings));
        }
        var broken = registry.Catalog.Plugins.Where(p => p.Error is not null)
            .Select(p => $"plugin folder '{Path.GetFileName(p.Folder)}' failed to load, so its source types are unavailable: {p.Error}")
            .Concat(registry.SharedTypes())
            // Only the process's own environment is the one .NET made its proxy from.
            .Concat(ReferenceEquals(env, HostEnvironment.Instance) ? ProxyVariables.Ignored(env, static () => HttpClient.DefaultProxy) : []);
        errors = reading.Finish(afterReading, broken);
        if (errors.HasErrors) return (null, errors);
        if (global.Audit.ConfigChanges && !reload) audit?.Emit(new Observability.Telemetry.Events.ConfigLoaded(Path.GetFullPath(path), sources.Count));
        var loaded = new HelrConfig(path, global, sources) { Warnings = errors.Warnings.Select(w => w.ToString()).ToList(), Text = reading.Text };
        return (new LoadedConfig(loaded, new BuiltSources(built)), errors);
    }
}
