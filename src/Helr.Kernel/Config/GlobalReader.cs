using Helr.Kernel.Observability;
using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>Reads <c>global:</c>.</summary>
internal static class GlobalReader
{
    public static readonly string[] Backends = { "memory", "sqlite", "redis", "postgres" };

    public static GlobalConfig Read(ConfigNode? global)
    {
        if (global is null) return new GlobalConfig();
        var backpressure = OutputSettingsReader.ReadBackpressure(global.Mapping("backpressure"));
        var config = new GlobalConfig
        {
            LogLevel = ReadLogLevel(global) ?? "info",
            LogFormat = ReadLogFormat(global),
            SourceLabelKey = SourceLabelKey.Read(global) ?? "source",
            SourceLabelValue = global.String("source_label_value") ?? "helr",
            State = ReadState(global.Mapping("state")),
            Bulkhead = ReadBulkhead(global.Mapping("bulkhead")),
            Backpressure = backpressure,
            LoadShedding = OutputSettingsReader.ReadLoadShedding(global.Mapping("load_shedding"), backpressure),
            Output = OutputSettingsReader.ReadOutput(global.Mapping("output")),
            Degradation = ReadDegradation(global.Mapping("degradation")),
            Metrics = OperationsReader.ReadMetrics(global.Mapping("metrics")),
            DumpOnSigusr1 = OperationsReader.ReadDump(global.Mapping("dump_on_sigusr1")),
            Audit = OperationsReader.ReadAudit(global.Mapping("audit")),
            Api = ApiReader.ReadApi(global.Mapping("api")),
            Reload = ApiReader.ReadReload(global.Mapping("reload")),
            Hooks = HooksReader.Read(global),
        };
        ListenAddress.CheckApart(global, config.Api, config.Metrics);
        return config;
    }

    // Upstream takes any text and switches to JSON only for json, so its configs may say text or plain:
    // they load as its human format, with a warning in case the word was a typo of json.
    private static string? ReadLogFormat(ConfigNode global)
    {
        var value = global.String("log_format");
        if (value is null || value.Equals("json", StringComparison.OrdinalIgnoreCase)) return value is null ? null : "json";
        if (!value.Equals("pretty", StringComparison.OrdinalIgnoreCase))
            global.Errors.Warn(global.ChildPath("log_format"), $"'{value}' acts as pretty, as upstream: only json changes the format");
        return "pretty";
    }

    private static string? ReadLogLevel(ConfigNode global)
    {
        var value = global.String("log_level");
        if (value is null) return null;
        var name = LogLevelName.Normalize(value);
        // Upstream would take 'helr=debug' and silently log errors only (its filter becomes helr=helr=debug).
        if (name is null)
            global.Fail("log_level", $"'{value}' is not a level: off, error, warn, info, debug, trace, or 0 (off) to 5 (trace)"
                + (value.Contains('=') ? "; it sets the level of Helr's own logs, so it takes no target like 'helr=debug'" : ""));
        return name;
    }

    public static BulkheadConfig ReadBulkhead(ConfigNode? node) => node is null ? new() : new BulkheadConfig
    {
        MaxConcurrentSources = (int?)node.Integer("max_concurrent_sources", min: 0, max: 10_000),
        MaxConcurrentRequests = (int?)node.Integer("max_concurrent_requests", min: 0, max: 10_000),
        MaxConnectionsPerHost = (int?)node.Integer("max_connections_per_host", min: 0, max: 10_000),
    };

    public static StateConfig ReadState(ConfigNode? state)
    {
        if (state is null) return new StateConfig();
        var backend = state.Choice("backend", Backends) ?? "memory";
        var url = state.String("url");
        if (backend == "redis") url ??= RedisUrl.Default;
        var config = new StateConfig
        {
            Backend = backend,
            Path = state.String("path") ?? StateConfig.DefaultPath,
            Url = url,
            LeaseTtlSecs = state.Number("lease_ttl_secs", min: 2, max: 86_400) ?? 30,
        };
        string? error = null;
        if (backend == "redis") RedisUrl.Parse(url!, out error);
        if (backend == "postgres")
        {
            if (string.IsNullOrEmpty(url)) error = "required when backend is postgres (e.g. postgres://helr:secret@db.internal:5432/helr)";
            else PostgresUrl.Parse(url, out error);
        }
        if (error is not null) state.Fail("url", error);
        return config;
    }

    public static DegradationConfig ReadDegradation(ConfigNode? node)
    {
        if (node is null) return new DegradationConfig();
        return new DegradationConfig
        {
            FallbackToMemory = node.Choice("state_store_fallback", new[] { "memory" }) == "memory",
            EmitWithoutCheckpoint = node.Boolean("emit_without_checkpoint") ?? false,
            ReducedFrequencyMultiplier = ReadMultiplier(node),
        };
    }

    // Upstream slows down only by a multiplier above 0, so its configs may say 0 for "do not slow down".
    // One below 1 (other than 0) would poll faster while the state store is down: refused.
    private static double ReadMultiplier(ConfigNode node)
    {
        var value = node.Number("reduced_frequency_multiplier", min: 0, max: 1000);
        if (value is 0) return 1;
        if (value < 1)
        {
            node.Fail("reduced_frequency_multiplier", $"must be 0 (no slowing down) or at least 1, found {value}: below 1 it would poll faster while the state store is down");
            return 2.0;
        }
        return value ?? 2.0;
    }
}
