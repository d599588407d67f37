using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Plugins.Generic;
using Xunit;
using Helr.Kernel.Tests.Support;

namespace Helr.Kernel.Tests.Config;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-config-").FullName;
    private readonly TestEnvironment _env = new();
    private readonly SourceTypeRegistry _registry = new(PluginCatalog.FromPlugins("test",
        new[] { new LoadedPlugin("generic", null) { Plugin = new GenericPlugin() } }));

    private (LoadedConfig? Config, List<string> Errors, List<string> Warnings) Load(string yaml)
    {
        var path = Path.Combine(_dir, "helr.yaml");
        File.WriteAllText(path, yaml);
        var (loaded, problems) = ConfigLoader.Load(path, _registry, _env);
        return (loaded, problems.Errors.Select(e => e.ToString()).ToList(), problems.Warnings.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void A_label_key_that_is_a_field_of_the_envelope_is_an_error_naming_the_key()
    {
        var (_, errors, _) = Load("""
            global:
              source_label_key: ts
            sources:
              s:
                url: https://api.example.com/logs
                source_label_key: event
              t:
                url: https://api.example.com/logs
                source_label_key: ""
            """);
        Assert.Equal(new[]
        {
            "global.source_label_key: 'ts' is a field of the envelope (ts, endpoint, event, meta); every line would have it twice",
            "sources.s.source_label_key: 'event' is a field of the envelope (ts, endpoint, event, meta); every line would have it twice",
            "sources.t.source_label_key: must not be empty",
        }, errors);
    }

    // An id that is empty (`"":`, or a `${SOURCE_ID}:` key whose variable is empty) labels every event
    // and log line with nothing, keys the state under "", records into --record-dir itself and cannot
    // be named to --source; upstream accepts it (serde reads any string key).
    [Fact]
    public void An_empty_source_id_is_an_error_naming_the_key()
    {
        _env.Variables["SOURCE_ID"] = "";
        var (config, errors, _) = Load("""
            sources:
              "${SOURCE_ID}":
                url: https://api.example.com/logs
              "  ":
                url: https://api.example.com/logs
              named:
                url: https://api.example.com/logs
            """);
        Assert.Null(config);
        Assert.Equal(new[]
        {
            "sources: a source id is empty (the source whose keys start on line 3); name it: the name labels its events and keys its state",
            "sources: a source id is empty (the source whose keys start on line 5); name it: the name labels its events and keys its state",
        }, errors);
    }

    [Fact]
    public void Loads_a_generic_source_with_kernel_settings()
    {
        var (config, errors, _) = Load("""
            global:
              state: { backend: sqlite, path: /tmp/x.db }
            sources:
              s:
                url: https://api.example.com/logs
                schedule: { interval_secs: 30, jitter_secs: 2 }
                checkpoint: end_of_tick
                dedupe: { id_path: uuid }
            """);
        Assert.Empty(errors);
        var source = Assert.Single(config!.Sources);
        Assert.Equal("generic", source.PluginName);
        Assert.Equal(30, source.Settings.IntervalSecs);
        Assert.False(source.Settings.CheckpointPerPage);
        Assert.Equal("uuid", source.Settings.DedupeIdPath);
        Assert.Equal("sqlite", config.Config.Global.State.Backend);
        Assert.Equal(source.Config, Assert.Single(config.Config.Sources));
    }

    // A vendor type keeps its own id path under a dedupe block that names none (SourceDefaultsApplierTests); the generic type has none to keep.
    [Fact]
    public void A_generic_dedupe_block_without_id_path_is_an_error_naming_the_key()
    {
        var (config, errors, _) = Load("""
            sources:
              s:
                url: https://api.example.com/logs
                dedupe: { capacity: 500 }
              t:
                url: https://api.example.com/logs
                dedupe: { id_path: "" }
            """);
        Assert.Null(config);
        Assert.Equal(new[] { "sources.s.dedupe.id_path: required", "sources.t.dedupe.id_path: must not be empty" }, errors);
    }

    // jq's leading dot: dedupe read no id and let every repeat through, meta.id and the envelope ts were never found.
    [Fact]
    public void A_kernel_dotted_path_with_an_empty_key_is_an_error_naming_the_path_to_write()
    {
        var (config, errors, _) = Load("""
            sources:
              s:
                url: https://api.example.com/logs
                dedupe: { id_path: .uuid }
                transform: { timestamp_field: "event..created", id_field: "$.id" }
            """);
        Assert.Null(config);
        Assert.Equal(new[]
        {
            "sources.s.transform.timestamp_field: 'event..created' holds an empty key (two dots in a row, or one at the end), which no field is named, so it would never match; write event.created",
            "sources.s.transform.id_field: '$.id' is JSONPath; a dotted path names the keys alone: id",
            "sources.s.dedupe.id_path: '.uuid' starts with a dot, as jq writes a path; a dotted path names the keys alone: uuid",
        }, errors);
    }

    [Fact]
    public void Reports_every_problem_at_once_with_key_paths()
    {
        var (config, errors, _) = Load("""
            global:
              log_levle: info
            sources:
              a:
                url: https://x.example.com
                type: nope
              b:
                url: ftp://x
                checkpoint: sometimes
                schedule: { interval_secs: -1 }
            """);
        Assert.Null(config);
        Assert.Contains(errors, e => e.StartsWith("global.log_levle: unknown key; did you mean 'log_level'"));
        Assert.Contains(errors, e => e.StartsWith("sources.a.type: unknown source type 'nope' (available: generic)"));
        Assert.Contains(errors, e => e.StartsWith("sources.b.url:"));
        Assert.Contains(errors, e => e.StartsWith("sources.b.checkpoint: 'sometimes' is not one of: per_page, end_of_tick"));
        Assert.Contains(errors, e => e.StartsWith("sources.b.schedule.interval_secs: must be at least 0"));
    }

    // Upstream waits at least 1 s between ticks, slows down only by a multiplier above 0, builds no
    // rate limiter for 0 requests per second and keeps no idle connection with idle 0: configs written
    // for it may say 0 for any of them, and mean that.
    [Fact]
    public void Zeros_upstream_takes_mean_what_they_mean_there()
    {
        var (config, errors, _) = Load("""
            global:
              degradation: { state_store_fallback: memory, reduced_frequency_multiplier: 0 }
            sources:
              s:
                url: https://x.example.com
                schedule: { interval_secs: 0 }
                resilience:
                  timeouts: { idle_secs: 0 }
                  rate_limit: { max_requests_per_second: 0 }
            """);
        Assert.Empty(errors);
        Assert.Equal(1, config!.Config.Global.Degradation.ReducedFrequencyMultiplier);
        var settings = Assert.Single(config.Sources).Settings;
        Assert.Equal(1, settings.IntervalSecs);
        Assert.Null(settings.Resilience.RateLimit.MaxRequestsPerSecond);
        Assert.Equal(0, settings.Resilience.Timeouts.IdleSecs);
    }

    // Upstream clamps these to 1 (LruDedupe::new, the limiter's burst, thresholds compared with >=):
    // its configs with 0 must load, and the user learns what the 0 does.
    [Fact]
    public void Zeros_upstream_clamps_to_one_load_as_one_with_a_warning()
    {
        var (config, errors, warnings) = Load("""
            sources:
              s:
                url: https://x.example.com
                dedupe: { id_path: id, capacity: 0 }
                resilience:
                  circuit_breaker: { failure_threshold: 0, success_threshold: 0, failure_rate_threshold: 0.5, minimum_requests: 0 }
                  rate_limit: { max_requests_per_second: 2, burst_size: 0 }
            """);
        Assert.Empty(errors);
        var settings = Assert.Single(config!.Sources).Settings;
        Assert.Equal(1, settings.DedupeCapacity);
        var breaker = settings.Resilience.CircuitBreaker;
        Assert.Equal([1, 1, 1], new[] { breaker.FailureThreshold, breaker.SuccessThreshold, breaker.MinimumRequests!.Value });
        Assert.Equal(1, settings.Resilience.RateLimit.BurstSize);
        Assert.Equal(new[]
        {
            "sources.s.dedupe.capacity: 0 acts as 1, as upstream: only the last event id is remembered",
            "sources.s.resilience.circuit_breaker.failure_threshold: 0 acts as 1, as upstream: the first failure opens the breaker",
            "sources.s.resilience.circuit_breaker.minimum_requests: 0 acts as 1, as upstream: the failure rate is judged from the first request",
            "sources.s.resilience.circuit_breaker.success_threshold: 0 acts as 1, as upstream: the first success of a probe closes the breaker",
            "sources.s.resilience.rate_limit.burst_size: 0 acts as 1, as upstream: no burst, requests go out one at a time at the rate",
        }, warnings.Order(StringComparer.Ordinal));
    }

    // Waits are interval ± jitter, at least 1 s: a jitter past the interval makes a share of them 1 s.
    [Theory]
    [InlineData("{ interval_secs: 60, jitter_secs: 90 }", "sources.s.schedule.jitter_secs: 90 is more than interval_secs (60): about 17 % of the waits between cycles are cut to 1 s, so the source can poll back to back, as upstream; keep jitter_secs at most interval_secs")]
    [InlineData("{ jitter_secs: 600 }", "sources.s.schedule.jitter_secs: 600 is more than interval_secs (60): about 45 % of the waits between cycles are cut to 1 s, so the source can poll back to back, as upstream; keep jitter_secs at most interval_secs")]
    [InlineData("{ interval_secs: 60, jitter_secs: 60 }", null)]
    [InlineData("{ interval_secs: 0, jitter_secs: 1 }", null)]
    public void A_jitter_past_the_interval_loads_with_a_warning_naming_the_key(string schedule, string? expected)
    {
        var (config, errors, warnings) = Load($"sources:\n  s:\n    url: https://x.example.com\n    schedule: {schedule}\n");
        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(expected is null ? [] : new[] { expected }, warnings);
    }

    // Upstream reads log_format as free text and logs JSON only for json.
    [Fact]
    public void A_log_format_other_than_json_or_pretty_loads_as_pretty_with_a_warning()
    {
        var (config, errors, warnings) = Load("global:\n  log_format: text\nsources:\n  s:\n    url: https://x.example.com\n");
        Assert.Empty(errors);
        Assert.Equal("pretty", config!.Config.Global.LogFormat);
        Assert.Equal(new[] { "global.log_format: 'text' acts as pretty, as upstream: only json changes the format" }, warnings);
    }

    // Upstream clamps the jitter to 0..1 (each wait is the backoff times 1 plus or minus it).
    [Fact]
    public void A_jitter_outside_0_to_1_loads_clamped_with_a_warning()
    {
        var (config, errors, warnings) = Load("""
            sources:
              a:
                url: https://x.example.com
                resilience: { retries: { jitter: 1.5 } }
              b:
                url: https://y.example.com
                resilience: { retries: { jitter: -0.2 } }
            """);
        Assert.Empty(errors);
        Assert.Equal(new double?[] { 1, 0 }, config!.Sources.Select(s => s.Settings.Resilience.Retries.Jitter));
        Assert.Equal(new[]
        {
            "sources.a.resilience.retries.jitter: 1.5 acts as 1, as upstream: each wait is anywhere from none to twice the backoff",
            "sources.b.resilience.retries.jitter: -0.2 acts as 0, as upstream: no jitter",
        }, warnings.Order(StringComparer.Ordinal));
    }

    // Upstream reads both as any unsigned number and compares them, so a source above 10 is never shed
    // and a threshold above 10 sheds the default priority too; its README's 0-10 is advice.
    [Fact]
    public void Priorities_above_10_load_as_upstream_takes_them()
    {
        var (config, errors, _) = Load("""
            global:
              backpressure: { enabled: true }
              load_shedding: { skip_priority_below: 15 }
            sources:
              s:
                url: https://x.example.com
                priority: 20
            """);
        Assert.Empty(errors);
        Assert.Equal(15, config!.Config.Global.LoadShedding.SkipPriorityBelow);
        Assert.Equal(20, Assert.Single(config.Sources).Settings.Priority);
    }

    [Fact]
    public void A_multiplier_that_would_poll_faster_while_the_store_is_down_is_refused_saying_why()
    {
        var (config, errors, _) = Load("global:\n  degradation: { reduced_frequency_multiplier: 0.5 }\nsources:\n  s:\n    url: https://x.example.com\n");
        Assert.Null(config);
        Assert.Contains("global.degradation.reduced_frequency_multiplier: must be 0 (no slowing down) or at least 1, found 0.5: below 1 it would poll faster while the state store is down", errors);
    }

    [Theory]
    [InlineData("off", "off")]
    [InlineData("OFF", "off")]
    [InlineData("0", "off")]
    [InlineData("2", "warn")]
    [InlineData("5", "trace")]
    [InlineData("Debug", "debug")]
    public void A_log_level_upstreams_filter_reads_is_taken(string value, string level)
    {
        var (config, errors, _) = Load($"global:\n  log_level: {value}\nsources:\n  s:\n    url: https://x.example.com\n");
        Assert.Empty(errors);
        Assert.Equal(level, config!.Config.Global.LogLevel);
    }

    [Theory]
    [InlineData("6", "global.log_level: '6' is not a level: off, error, warn, info, debug, trace, or 0 (off) to 5 (trace)")]
    [InlineData("helr=debug", "global.log_level: 'helr=debug' is not a level: off, error, warn, info, debug, trace, or 0 (off) to 5 (trace); it sets the level of Helr's own logs, so it takes no target like 'helr=debug'")]
    public void A_log_level_no_filter_reads_is_refused_with_the_levels(string value, string error)
    {
        var (config, errors, _) = Load($"global:\n  log_level: {value}\nsources:\n  s:\n    url: https://x.example.com\n");
        Assert.Null(config);
        Assert.Contains(error, errors);
    }

    [Fact]
    public void Valid_planned_keys_are_warnings_not_errors()
    {
        var (config, errors, warnings) = Load("""
            global:
              metrics: { enabled: true, port: 9090 }
            sources:
              s:
                url: https://x.example.com
                response_streaming: buffered
            """);
        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Equal(new[]
        {
            "sources.s.response_streaming: not supported yet: checked, but Helr does not act on it",
        }, warnings);
    }

    [Fact]
    public void Planned_keys_are_checked_inside()
    {
        var (config, errors, warnings) = Load("""
            global:
              api: { enabeld: true, port: notanumber }
              hooks: { bogus: 1 }
            sources:
              s:
                url: https://x.example.com
                hooks: { script: x.js, whatever: 1 }
            """);
        Assert.Null(config);
        Assert.Contains("global.api.port: expected a whole number, found 'notanumber'", errors);
        Assert.Contains("global.api.enabeld: unknown key; did you mean 'enabled'?", errors);
        Assert.Contains(errors, e => e.StartsWith("global.hooks.bogus: unknown key"));
        Assert.Contains(errors, e => e.StartsWith("sources.s.hooks.whatever: unknown key"));
        // hooks are built now: global.hooks is no longer warned about, and a source's hooks need it enabled.
        Assert.Contains(errors, e => e.StartsWith("sources.s.hooks: this source has hooks but hooks are disabled"));
        Assert.Equal(5, errors.Count);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Sources_may_be_empty_with_a_warning_but_not_missing()
    {
        var empty = Load("sources: {}\n");
        Assert.Empty(empty.Errors);
        Assert.Contains(empty.Warnings, w => w.StartsWith("sources: no source is configured"));
        Assert.Contains(Load("global: {}\n").Errors, e => e.StartsWith("sources: required"));
    }

    [Fact]
    public void Missing_secret_is_reported_by_variable_name_never_value()
    {
        _env.Variables["OTHER"] = "s3cr3t-value";
        var (_, errors, _) = Load("""
            sources:
              s:
                url: https://x.example.com
                auth: { type: bearer, token_env: TOKEN_NOT_SET }
            """);
        var error = Assert.Single(errors);
        Assert.Equal("sources.s.auth.token_env: environment variable TOKEN_NOT_SET is not set", error);
    }

    [Fact]
    public void An_unset_variable_is_the_only_problem_reported_for_its_key()
    {
        var (config, errors, _) = Load("""
            sources:
              s:
                url: ${BASE_NOT_SET}/api/v1/logs
                schedule: { interval_secs: "${INTERVAL_NOT_SET}" }
                pagination: { strategy: link_header, max_pages: -1 }
            """);
        Assert.Null(config);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("sources.s.url: environment variable BASE_NOT_SET is not set", errors[0]);
        Assert.StartsWith("sources.s.schedule.interval_secs: environment variable INTERVAL_NOT_SET is not set", errors[1]);
        // A problem at another key is still reported beside them.
        Assert.StartsWith("sources.s.pagination.max_pages:", errors[2]);
    }

    [Fact]
    public void A_misspelt_key_with_an_unset_variable_is_still_reported_as_misspelt()
    {
        var (_, errors, _) = Load("""
            sources:
              s:
                url: https://x.example.com
                pagination:
                  strategy: cursor
                  cursor_param: c
                  cursr_path: ${PATH_NOT_SET}
            """);
        Assert.Contains(errors, e => e.StartsWith("sources.s.pagination.cursr_path: environment variable PATH_NOT_SET is not set"));
        Assert.Contains(errors, e => e.StartsWith("sources.s.pagination.cursr_path: unknown key; did you mean 'cursor_path'?"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
