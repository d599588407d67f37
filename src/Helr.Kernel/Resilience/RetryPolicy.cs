using Helr.Kernel.Config;
using Polly;
using Polly.Retry;
using Serilog;
using Helr.Kernel.Text;

namespace Helr.Kernel.Resilience;

/// <summary>
/// Polly retry options from <c>resilience.retries</c> and <c>rate_limit.respect_headers</c>: which
/// outcomes are retried, how long to wait (server headers first, then backoff) and what is logged.
/// </summary>
internal sealed class RetryPolicy(string sourceId, RetriesConfig retries, RateLimitConfig rateLimit, RateLimitHeaders headers, TimeProvider time, ILogger log,
    SecretScrubber? secrets = null)
{
    /// <summary>Attempts per request, the first included (0 and 1 both mean exactly one).</summary>
    public int MaxAttempts => Math.Max(1, retries.MaxAttempts);

    public RetryStrategyOptions<HttpResponseMessage> ToOptions() => new()
    {
        MaxRetryAttempts = MaxAttempts - 1,
        BackoffType = DelayBackoffType.Constant,
        Delay = TimeSpan.Zero,
        UseJitter = false,
        ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(NotIdempotent, false)
            ? SurelyNotApplied(args.Outcome, args.Context.CancellationToken)
            : ShouldRetry(args.Outcome, args.Context.CancellationToken)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(args.Outcome, args.AttemptNumber).Delay),
        OnRetry = args =>
        {
            LogRetry(args.Outcome, args.AttemptNumber, args.RetryDelay);
            return default;
        },
    };

    public bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken caller) =>
        outcome.Exception is { } ex ? HttpOutcome.IsTransient(ex, caller) : IsRetryable(outcome.Result!);

    /// <summary>
    /// Set on a plugin's own request (a hook's <c>fetch()</c>) whose method is not idempotent: a POST that
    /// creates an export job or acknowledges events, answered 502 or cut off after the server acted on it,
    /// was sent again and acted on twice. Such a request is retried only when the server surely did not act.
    /// </summary>
    public static readonly ResiliencePropertyKey<bool> NotIdempotent = new("helr-not-idempotent");

    /// <summary>The methods RFC 9110 (9.2.2) lets a client repeat on its own.</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options
        || method == HttpMethod.Trace || method == HttpMethod.Put || method == HttpMethod.Delete;

    /// <summary><paramref name="create"/>, noting on <paramref name="context"/> a request whose method is not idempotent.</summary>
    public static Func<HttpRequestMessage> Marking(Func<HttpRequestMessage> create, ResilienceContext context) => () =>
    {
        var request = create();
        if (!IsIdempotent(request.Method)) context.Properties.Set(NotIdempotent, true);
        return request;
    };

    // A 429 refused the request, and a connection never made (refused, DNS, connect timeout) never carried it;
    // any other answer or failure may come after the server acted.
    private bool SurelyNotApplied(Outcome<HttpResponseMessage> outcome, CancellationToken caller) => outcome.Exception switch
    {
        null => (int)outcome.Result!.StatusCode == 429 && IsRetryable(outcome.Result),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } ex => HttpOutcome.IsTransient(ex, caller),
        OperationCanceledException { InnerException: TimeoutException } ex => HttpOutcome.IsTransient(ex, caller),
        _ => false,
    };

    // A 403 is retried only when listed and it says it is a rate limit; any other 403 is a refusal
    // (missing scope, blocked token) that no amount of waiting fixes.
    private bool IsRetryable(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return retries.IsRetryable(status) && (status != 403 || headers.IsRateLimitRefusal(response));
    }

    /// <summary>The wait before the next attempt and where it came from (a header name or "backoff").</summary>
    public (TimeSpan Delay, string Source) Delay(Outcome<HttpResponseMessage> outcome, int attempt)
    {
        var limited = outcome.Result is { } r && ((int)r.StatusCode == 429 || headers.IsRateLimitRefusal(r));
        if (rateLimit.RespectHeaders && outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            var now = time.GetUtcNow();
            // Retry-After is defined for 429 and 503; the reset header only means "wait" on a 429.
            // A 403 that is a rate limit (GitHub) is waited out the same way.
            // A wait already due ("0", or a date the server's lagging clock set) falls back as upstream
            // does: retrying at once would spend every attempt on the API that just refused.
            if ((limited || status == 503) && RetryAfterDelay.FromRetryAfter(response, now) is { } retryAfter && retryAfter > TimeSpan.Zero)
                return (retryAfter, "Retry-After");
            if (limited && headers.UntilSpentWindowResets(response, now) is { } reset && reset > TimeSpan.Zero)
                return (reset, "rate-limit reset header");
        }
        var backoff = BackoffDelay.Compute(retries, attempt, Random.Shared.NextDouble());
        // A vendor that bans clients retrying its limits too soon (GitHub) names the least wait: a backoff of a
        // second or two would spend the attempts within the minute it asked for.
        if (limited && rateLimit.MinimumWait is { } least && least > TimeSpan.Zero)
        {
            var wait = TimeSpan.FromSeconds(Math.Min(least.TotalSeconds * Math.Pow(2, attempt), RetryAfterDelay.MaxServerWait.TotalSeconds));
            if (wait > backoff) return (wait, "the API's minimum wait after a rate limit");
        }
        return (backoff, "backoff");
    }

    private void LogRetry(Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan delay)
    {
        var why = outcome.Result is { } r
            ? $"HTTP {(int)r.StatusCode} from {UrlText.Redact(r.RequestMessage?.RequestUri)}"
            : $"request failed ({UrlText.RedactUserInfo(outcome.Exception!.Message)})";
        // The URL's path can hold the source's key (Telegram's /bot<token>/…), as an error can quote it.
        if (secrets is not null) why = secrets.Scrub(why);
        var source = outcome.Result is not null ? Delay(outcome, attempt).Source : "backoff";
        log.Warning("{SourceId}: {Why}; retrying in {Seconds:0.###} s ({Source}), attempt {Next} of {Max}",
            sourceId, why, delay.TotalSeconds, source, attempt + 2, MaxAttempts);
    }
}
