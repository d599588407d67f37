namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>A token endpoint's answer: the access token, how to send it, until when, and a rotated refresh token if any.</summary>
internal sealed record AccessToken
{
    public required Secret Value { get; init; }

    /// <summary>The Authorization scheme: <c>Bearer</c> or <c>DPoP</c>.</summary>
    public required string Scheme { get; init; }

    public required DateTimeOffset Expiry { get; init; }

    /// <summary>When it was fetched: the reuse margin is a share of its lifetime.</summary>
    public required DateTimeOffset Fetched { get; init; }

    public Secret? RefreshToken { get; init; }

    /// <summary>
    /// Still good for a request: not within 60 s of expiry (or, for short-lived tokens, the last
    /// quarter of its lifetime), so a request is not sent with a token that lapses in flight.
    /// </summary>
    public bool IsFresh(DateTimeOffset now)
    {
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(60).Ticks, (Expiry - Fetched).Ticks / 4));
        return now + margin < Expiry;
    }
}
