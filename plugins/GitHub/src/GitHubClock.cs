namespace Helr.Plugins.GitHub;

/// <summary>
/// How far GitHub's clock is from this host's, read from the <c>Date</c> of its token answers. GitHub
/// judges an App JWT's <c>iat</c> and <c>exp</c> and states <c>expires_at</c> by its own clock; a
/// host clock drifted past the JWT's 60 s backdate (a VM after a suspend, no NTP) would otherwise see
/// every JWT refused.
/// </summary>
internal sealed class GitHubClock
{
    // Date has whole seconds and a server may reuse one for up to a second; the latency adds a little.
    // Well inside the JWT's backdate, so smaller differences are taken as no drift.
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <summary>GitHub's clock minus this host's; zero until an answer says otherwise.</summary>
    public TimeSpan Offset { get; private set; }

    /// <summary>Takes the offset from <paramref name="response"/>'s <c>Date</c>, received at <paramref name="receivedAt"/> (this host's clock).</summary>
    public void Observe(HttpResponseMessage response, DateTimeOffset receivedAt)
    {
        if (response.Headers.Date is not { } date) return;
        var offset = date - receivedAt;
        Offset = offset.Duration() <= Tolerance ? TimeSpan.Zero : offset;
    }

    /// <summary>True when the offset now differs from <paramref name="earlier"/> by more than the tolerance.</summary>
    public bool Moved(TimeSpan earlier) => (Offset - earlier).Duration() > Tolerance;
}
