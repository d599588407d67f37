using Helr.PluginSdk.Config;

namespace Helr.Kernel.Config;

/// <summary>Reads <c>global.backpressure</c>, <c>global.load_shedding</c> and <c>global.output</c>.</summary>
internal static class OutputSettingsReader
{
    public static BackpressureConfig ReadBackpressure(ConfigNode? node)
    {
        if (node is null) return new BackpressureConfig();
        var detection = node.Mapping("detection");
        var strategy = node.Choice("strategy", new[] { "block", "disk_buffer", "drop" });
        var policy = node.Choice("drop_policy", new[] { "oldest_first", "newest_first", "random" });
        var disk = ReadDiskBuffer(node.Mapping("disk_buffer"));
        var config = new BackpressureConfig
        {
            Enabled = node.Boolean("enabled") ?? false,
            EventQueueSize = (int)(detection?.Integer("event_queue_size", min: 1, max: 10_000_000) ?? 10_000),
            StdoutBufferSize = detection?.Integer("stdout_buffer_size", min: 0) ?? 65_536,
            MemoryThresholdMb = detection?.Integer("memory_threshold_mb", min: 1),
            Strategy = strategy switch { "disk_buffer" => BackpressureStrategy.DiskBuffer, "drop" => BackpressureStrategy.Drop, _ => BackpressureStrategy.Block },
            DropPolicy = policy switch { "newest_first" => DropPolicy.NewestFirst, "random" => DropPolicy.Random, _ => DropPolicy.OldestFirst },
            MaxQueueAgeSecs = node.Number("max_queue_age_secs", min: 0.001),
            DiskBuffer = disk,
        };
        // Upstream silently falls back to block here; a spill strategy with nowhere to spill is a mistake worth naming.
        if (config.Strategy == BackpressureStrategy.DiskBuffer && disk is null && !node.Has("disk_buffer"))
            node.Fail("disk_buffer", "required when strategy is disk_buffer (set disk_buffer.path)");
        if (policy is not null && config.Strategy != BackpressureStrategy.Drop)
            node.Errors.Warn(node.ChildPath("drop_policy"), "only used when strategy is drop");
        return config;
    }

    private static DiskBufferConfig? ReadDiskBuffer(ConfigNode? node)
    {
        if (node is null) return null;
        var path = node.String("path", required: true);
        var max = node.Integer("max_size_mb", min: 1, max: 1L << 30) ?? 1024;
        var segment = node.Integer("segment_size_mb", min: 1, max: 1L << 20) ?? 64;
        if (segment > max) node.Fail("segment_size_mb", $"must not exceed max_size_mb ({max}), found {segment}");
        return string.IsNullOrEmpty(path) ? null : new DiskBufferConfig { Path = path, MaxSizeMb = max, SegmentSizeMb = segment };
    }

    public static LoadSheddingConfig ReadLoadShedding(ConfigNode? node, BackpressureConfig backpressure)
    {
        if (node is null) return new LoadSheddingConfig();
        var config = new LoadSheddingConfig { SkipPriorityBelow = (int?)node.Integer("skip_priority_below", min: 0, max: int.MaxValue) };
        if (config.SkipPriorityBelow is not null && !backpressure.Enabled)
            node.Errors.Warn(node.ChildPath("skip_priority_below"), "has no effect unless backpressure.enabled is true (load is measured on the backpressure queue)");
        return config;
    }

    public static OutputConfig ReadOutput(ConfigNode? node)
    {
        if (node is null) return new OutputConfig();
        // The HTTP and NATS sinks are not built (--output http://… and nats://… are refused at start-up).
        foreach (var planned in new[] { "http", "nats" })
        {
            if (node.Has(planned)) node.Errors.Warn(node.ChildPath(planned), PlannedGlobalReader.NotActedOn);
        }
        var sync = node.Boolean("sync") ?? true;
        var http = node.Mapping("http");
        var nats = node.Mapping("nats");
        var headers = http?.StringMap("headers");
        return new OutputConfig
        {
            Http = http is null ? new HttpOutputConfig() : new HttpOutputConfig
            {
                BatchSize = (int)(http.Integer("batch_size", min: 1, max: 1_000_000) ?? 100),
                BatchTimeoutMs = http.Integer("batch_timeout_ms", min: 0) ?? 500,
                Headers = headers is null ? ValueMap<string>.Empty : new ValueMap<string>(headers, StringComparer.OrdinalIgnoreCase),
                TimeoutSecs = http.Integer("timeout_secs", min: 1) ?? 30,
                MaxRetries = (int)(http.Integer("max_retries", min: 0, max: 100) ?? 3),
            },
            NatsSubject = nats?.String("subject", required: true),
            Sync = sync,
        };
    }
}
