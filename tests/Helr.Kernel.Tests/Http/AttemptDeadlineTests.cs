using Helr.Kernel.Http;
using Polly.Timeout;

namespace Helr.Kernel.Tests.Http;

public sealed class AttemptDeadlineTests
{
    [Fact]
    public void A_pause_stops_the_clock_and_the_rest_runs_after_it()
    {
        var time = new FakeTimeProvider();
        using var deadline = new AttemptDeadline(TimeSpan.FromSeconds(10), time, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(4));
        deadline.Pause();
        time.Advance(TimeSpan.FromHours(1));
        Assert.False(deadline.Token.IsCancellationRequested);
        deadline.Resume();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(deadline.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.Expired);
        Assert.IsType<TimeoutRejectedException>(deadline.Explain(new OperationCanceledException()));
    }

    [Fact]
    public void A_cancelled_caller_is_no_timeout()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var deadline = new AttemptDeadline(TimeSpan.FromSeconds(10), time, caller.Token);

        caller.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.Expired);
        var cancelled = new OperationCanceledException();
        Assert.Same(cancelled, deadline.Explain(cancelled));
    }
}
