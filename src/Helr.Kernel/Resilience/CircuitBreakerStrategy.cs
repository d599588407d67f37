using Polly;
using Polly.CircuitBreaker;

namespace Helr.Kernel.Resilience;

/// <summary>
/// The Polly strategy around one logical request (all its retries): refuses at once while the
/// circuit is open, then reports the final outcome to <see cref="CircuitBreakerState"/>.
/// </summary>
internal sealed class CircuitBreakerStrategy(CircuitBreakerState state) : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>
    /// Set on a token request: it is made while applying the credentials of a page request, whose own outcome
    /// is counted, so its success is not counted again (one token per page reset the consecutive failures of an
    /// API failing behind a working token endpoint, and a half-open probe counted twice). Its failure is
    /// counted: the page request then fails as "cannot get credentials", which counts as neither.
    /// </summary>
    public static readonly ResiliencePropertyKey<bool> NestedTokenRequest = new("helr-nested-token-request");

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState s)
    {
        if (!state.TryPass(out var remaining))
        {
            return Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException(
                $"circuit breaker open: no request sent; next probe in {Math.Ceiling(remaining.TotalSeconds)} s", remaining));
        }
        var outcome = await callback(context, s).ConfigureAwait(false);
        switch (HttpOutcome.Judge(outcome, context.CancellationToken))
        {
            case Verdict.Success when !context.Properties.GetValue(NestedTokenRequest, false):
                state.OnSuccess();
                break;
            case Verdict.Failure:
                state.OnFailure();
                break;
        }
        return outcome;
    }
}
