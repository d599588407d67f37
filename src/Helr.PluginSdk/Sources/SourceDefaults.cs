namespace Helr.PluginSdk.Sources;

/// <summary>
/// Vendor facts for kernel-owned keys. Each applies only where the user's config does not set the
/// key itself, key by key (a user's <c>transform.id_field</c> replaces only <see cref="IdField"/>).
/// The plugin's own keys (page size, event array path, URL) are defaults of the plugin's own reader,
/// e.g. the <c>defaults</c> argument of <c>DeclarativeReader.Read</c>.
/// </summary>
public sealed record SourceDefaults
{
    /// <summary><c>transform.timestamp_field</c>: dotted path of the event time; null uses the kernel's fallback list.</summary>
    public string? TimestampField { get; init; }

    /// <summary><c>transform.id_field</c>: dotted path of the event id (envelope <c>meta.id</c>); null emits no id.</summary>
    public string? IdField { get; init; }

    /// <summary><c>dedupe.id_path</c>: turns dedupe on with this id path unless the user's <c>dedupe</c> names its own.</summary>
    public string? DedupeIdPath { get; init; }

    /// <summary><c>schedule.interval_secs</c>: seconds between cycles; null keeps the kernel's 60.</summary>
    public double? IntervalSecs { get; init; }

    /// <summary><c>resilience.retries.retryable_status_codes</c>; null keeps the kernel's list.</summary>
    public IReadOnlyList<int>? RetryableStatusCodes { get; init; }

    /// <summary><c>resilience.rate_limit.headers</c>: the vendor's rate-limit header names; null reads none.</summary>
    public RateLimitHeaderNames? RateLimitHeaders { get; init; }

    /// <summary>
    /// <c>resilience.rate_limit.adaptive</c>: pause until the window resets once the remaining header
    /// says at most one request is left; null keeps the kernel's default (off).
    /// </summary>
    public bool? AdaptiveRateLimit { get; init; }

    /// <summary>
    /// The least wait before retrying a rate-limit answer (a 429, or a 403 the kernel reads as a rate
    /// limit) that names no wait of its own (no <c>Retry-After</c>, no reset still ahead), doubled for
    /// each further attempt of the same request. For vendors that ask clients to hold off longer than
    /// a backoff would (GitHub: a minute) and may block those that keep retrying; null keeps the backoff.
    /// Set, it also says the vendor's refusals with requests left are other limits' than its headers'
    /// window: such a refusal does not wait for that window's reset (GitHub's primary limit, up to an hour).
    /// </summary>
    public TimeSpan? RateLimitMinimumWait { get; init; }

    /// <summary>
    /// Text (ASCII, matched case-insensitively in the first 4 KiB of the body) that makes a 403 the
    /// vendor's rate limit when neither <c>Retry-After</c> nor a remaining count of 0 says so: such a 403
    /// is retried like a 429 (when 403 is among the retryable codes) instead of failing as a refusal.
    /// For vendors whose limits may answer 403 with only a message (GitHub's secondary limits); null: none.
    /// </summary>
    public string? RateLimitMessage { get; init; }

    /// <summary>
    /// Reads a 403's body (the first 64 KiB; a longer one is no error answer) and says whether it is the
    /// vendor's rate limit, for vendors that name the limit in structured fields rather than in a message
    /// (Google: <c>error.errors[].reason</c>, <c>error.status</c>, <c>error.details[].reason</c>). Such a 403
    /// is retried like a 429 (when 403 is among the retryable codes), as with <see cref="RateLimitMessage"/>;
    /// any other still fails as a refusal. It must not throw (one that does counts as "no"). null: none.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, bool>? RateLimitClassifier { get; init; }

    /// <summary>No vendor facts.</summary>
    public static SourceDefaults None { get; } = new();
}
