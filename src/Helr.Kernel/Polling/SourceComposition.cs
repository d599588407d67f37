using Helr.Kernel.Config;
using Helr.Kernel.Http;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Output;
using Helr.Kernel.Plugins;
using Helr.Kernel.State;
using Serilog;

namespace Helr.Kernel.Polling;

/// <summary>
/// The composition root of one source: reads its settings (with the global fallbacks) and builds
/// the HTTP client, envelope, line limit, dedupe window and stall tracker its cycles use. A change
/// in how a source is put together happens here; <see cref="SourceRunner"/> only runs cycles.
/// </summary>
internal static class SourceComposition
{
    public static SourceRunner Build(BuiltSource source, GlobalConfig global, IStateStore store, IPageOutput output, TimeProvider time, ILogger log,
        Telemetry? telemetry = null, Replay.HttpTap? tap = null)
    {
        log = log.ForContext("source_id", source.Id);
        telemetry ??= Telemetry.Create(log, time);
        // Series at 0 before their first fact are for a scrape or a SIGUSR1 dump: without either nobody
        // reads them, and 23 of them per source were about 10 KB of a 1,000-source run's idle heap.
        if (global.Metrics.Enabled || global.DumpOnSigusr1 is not null) telemetry.Metrics.Touch(source.Id);
        var s = source.Settings;
        // What the kernel prints for the plugin (its logs, its errors) has these cut out, and those the source sends and stores.
        var secrets = new Text.SecretScrubber(ConfiguredCredentials.Of(source.Config.Block, HostEnvironment.Instance));
        // Credentials stay on the origins the source declares (redirects and links elsewhere get none).
        var http = new SourceHttpClient(source.Id, source.Source.Authenticator, s.MaxResponseBytes, s.Resilience, global.Bulkhead.MaxConcurrentRequests, time, log,
            source.Source.CredentialOrigins, new CredentialState(store, source.Id, secrets), telemetry, tap, global.Bulkhead.ConnectionsPerHost, secrets: secrets,
            configuredHeaders: ConfiguredCredentials.Headers(source.Config.Block));
        var envelope = new EnvelopeWriter(s.LabelKey ?? global.SourceLabelKey, s.LabelValue ?? source.Id, s.TimestampField, s.IdField, time);
        var dedupe = s.DedupeIdPath is null ? null : new SourceDedupe(store, source.Id, s.DedupeIdPath, s.DedupeCapacity);
        var parts = new SourceParts(http, envelope, LineLimiter.Create(s, telemetry), dedupe, new StalledPage(source.Id, log, telemetry),
            s.SkipCheckpointOnStateError || global.Degradation.EmitWithoutCheckpoint);
        return new SourceRunner(source, parts, store, output, time, log, telemetry);
    }
}
