using Polly;
using Polly.CircuitBreaker;

namespace Helr.Kernel.Resilience;

/// <summary>
/// The Polly strategy around one logical request (all its retries): refuses at once while the
/// circuit is open, then reports the final outcome to <see cref="CircuitBreakerState"/>.
/// </summary>
internal sealed class CircuitBreakerStrategy(CircuitBreakerState state) : ResilienceStrategy<HttpResponseMessage>
{
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
            case Verdict.Success:
                state.OnSuccess();
                break;
            case Verdict.Failure:
                state.OnFailure();
                break;
        }
        return outcome;
    }
}
