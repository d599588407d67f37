namespace Helr.Kernel.Config.Hints;

/// <summary>
/// Every key path that the kernel readers and the generic plugin read, as an index: the keys of each
/// block and every block a key occurs in. Unknown-key errors only know the block they sit in; this
/// lets them say where a key belongs instead. Source ids are written <c>*</c>. ConfigSchemaTests loads
/// a config holding every path here and compares each block with the keys the readers asked for, so
/// the two cannot drift apart.
/// </summary>
internal static class ConfigSchema
{
    // "block: key key:int key:num key:bool key/ key{}": '/' is a block (it has its own line), '{}' is
    // free-form (headers, body), ':int' a whole number, ':num' a number that may be fractional.
    private static readonly string[] Lines =
    {
        ": global/ sources/",
        "global: log_level log_format source_label_key source_label_value state/ bulkhead/ backpressure/ load_shedding/ output/ degradation/ api/ metrics/ reload/ dump_on_sigusr1/ hooks/ audit/",
        "global.state: backend path url lease_ttl_secs:num",
        "global.bulkhead: max_concurrent_sources:int max_concurrent_requests:int max_connections_per_host:int",
        "global.backpressure: enabled:bool detection/ strategy drop_policy max_queue_age_secs:num disk_buffer/",
        "global.backpressure.detection: event_queue_size:int stdout_buffer_size:int memory_threshold_mb:int",
        "global.backpressure.disk_buffer: path max_size_mb:int segment_size_mb:int",
        "global.load_shedding: skip_priority_below:int",
        "global.output: sync:bool http/ nats/",
        "global.output.http: batch_size:int batch_timeout_ms:int headers{} timeout_secs:int max_retries:int",
        "global.output.nats: subject",
        "global.degradation: state_store_fallback emit_without_checkpoint:bool reduced_frequency_multiplier:num",
        "global.api: enabled:bool address port:int auth/",
        "global.api.auth: token_env token_file",
        "global.metrics: enabled:bool address port:int path",
        "global.reload: restart_sources_on_sighup:bool",
        "global.dump_on_sigusr1: destination path",
        "global.hooks: enabled:bool path timeout_secs:int memory_limit_mb:int allow_network:bool allow_fs:bool auth_cache_ttl_secs:int",
        "global.audit: enabled:bool log_credential_access:bool log_config_changes:bool",
        "sources: */",
        // Kernel keys of every source, then the generic plugin's.
        "sources.*: type schedule/ source_label_key source_label_value transform/ dedupe/ checkpoint on_state_write_error on_parse_error"
            + " max_response_bytes:int priority:int resilience/ on_invalid_utf8 max_line_bytes:int max_line_bytes_behavior"
            + " auth/ url method body{} headers{} query_params{} from from_param on_cursor_error max_bytes:int pagination/"
            + " incremental_from/ state/ response_events_path response_event_object_path hooks/ response_streaming",
        "sources.*.schedule: interval_secs:num jitter_secs:num",
        "sources.*.transform: timestamp_field id_field",
        "sources.*.dedupe: id_path capacity:int",
        "sources.*.resilience: timeout_secs:num timeouts/ retries/ circuit_breaker/ rate_limit/ tls/ bulkhead/",
        "sources.*.resilience.timeouts: connect_secs:num request_secs:num read_secs:num idle_secs:num poll_tick_secs:num",
        "sources.*.resilience.retries: max_attempts:int initial_backoff_secs:num max_backoff_secs:num multiplier:num jitter:num retryable_status_codes",
        "sources.*.resilience.circuit_breaker: enabled:bool failure_threshold:int success_threshold:int half_open_timeout_secs:num"
            + " reset_timeout_secs:num failure_rate_threshold:num minimum_requests:int",
        "sources.*.resilience.rate_limit: respect_headers:bool page_delay_secs:num headers/ max_requests_per_second:num burst_size:int adaptive:bool",
        "sources.*.resilience.rate_limit.headers: limit_header remaining_header reset_header",
        "sources.*.resilience.tls: ca_file ca_env ca_only:bool client_cert_file client_cert_env client_key_file client_key_env min_version",
        "sources.*.resilience.bulkhead: max_concurrent_requests:int",
        // The keys of every auth type: bearer, api_key, basic, then oauth2 and google_service_account.
        "sources.*.auth: type token_env token_file prefix header key_env key_file user_env user_file password_env password_file"
            + " token_url client_id_env client_id_file client_secret_env client_secret_file client_private_key_env client_private_key_file client_private_key_id"
            + " refresh_token_env refresh_token_file scopes dpop:bool client_auth credentials_file credentials_env subject_env subject_file",
        "sources.*.pagination: strategy rel max_pages:int cursor_param cursor_path page_param offset_param limit_param limit:int stop_on_empty_page:bool",
        "sources.*.incremental_from: state_key event_timestamp_path param_name",
        "sources.*.state: watermark_field watermark_param state_key",
        "sources.*.hooks: script script_inline",
    };

    private static readonly Dictionary<string, Dictionary<string, KeyKind>> Blocks = Parse();

    /// <summary>The blocks' schema paths ("" is the root).</summary>
    public static IEnumerable<string> BlockPaths => Blocks.Keys;

    /// <summary>The keys of the block at <paramref name="schemaPath"/>, or null when it is not a block.</summary>
    public static IReadOnlyDictionary<string, KeyKind>? KeysOf(string schemaPath) => Blocks.GetValueOrDefault(schemaPath);

    /// <summary>What <paramref name="key"/> of the block at <paramref name="schemaPath"/> holds, or null when the block has no such key.</summary>
    public static KeyKind? KindOf(string schemaPath, string key) =>
        Blocks.TryGetValue(schemaPath, out var keys) && keys.TryGetValue(key, out var kind) ? kind : null;

    /// <summary>Every block that has <paramref name="key"/>.</summary>
    public static IEnumerable<string> BlocksWith(string key) => Blocks.Where(b => b.Value.ContainsKey(key)).Select(b => b.Key);

    /// <summary>The schema path of a block given by its key segments: the segment after <c>sources</c> becomes <c>*</c>.</summary>
    public static string PathOf(IReadOnlyList<string> segments) =>
        string.Join('.', segments.Select((s, i) => i == 1 && segments[0] == "sources" ? "*" : s));

    /// <summary>Joins a block path and a key.</summary>
    public static string Join(string block, string key) => block.Length == 0 ? key : $"{block}.{key}";

    private static Dictionary<string, Dictionary<string, KeyKind>> Parse()
    {
        var blocks = new Dictionary<string, Dictionary<string, KeyKind>>(StringComparer.Ordinal);
        foreach (var line in Lines)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var keys = new Dictionary<string, KeyKind>(StringComparer.Ordinal);
            foreach (var word in line[(colon + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var (name, kind) = word switch
                {
                    _ when word.EndsWith('/') => (word[..^1], KeyKind.Block),
                    _ when word.EndsWith("{}", StringComparison.Ordinal) => (word[..^2], KeyKind.FreeForm),
                    _ when word.EndsWith(":int", StringComparison.Ordinal) => (word[..^4], KeyKind.WholeNumber),
                    _ when word.EndsWith(":num", StringComparison.Ordinal) => (word[..^4], KeyKind.Number),
                    _ when word.EndsWith(":bool", StringComparison.Ordinal) => (word[..^5], KeyKind.Boolean),
                    _ => (word, KeyKind.Text),
                };
                keys.Add(name, kind);
            }
            blocks.Add(line[..colon], keys);
        }
        return blocks;
    }
}
