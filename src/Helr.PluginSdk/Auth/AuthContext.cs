using Helr.PluginSdk.Http;
using Helr.PluginSdk.Sources;

namespace Helr.PluginSdk.Auth;

/// <summary>What an authenticator may use while it applies or renews credentials.</summary>
public sealed class AuthContext
{
    /// <summary>The source's key under <c>sources:</c>.</summary>
    public required string SourceId { get; init; }

    /// <summary>
    /// Sends token requests (OAuth2, service accounts, app installations) through the source's
    /// connection settings: timeouts, TLS, proxy, retries, rate limits and circuit breaker. Requests
    /// sent here get none of the source's credentials or configured headers, may go to any origin
    /// (the token endpoint is often elsewhere), and a 401 answer is returned as is: no refresh, so
    /// no recursion into the authenticator.
    /// </summary>
    public required IHttpSender Sender { get; init; }

    /// <summary>The clock, for token expiry.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where credentials received at runtime (a rotated refresh token) survive a restart; null when
    /// the host keeps no state for the source, in which case they live in memory only.
    /// </summary>
    public ICredentialStore? Credentials { get; init; }

    /// <summary>Where the authenticator logs; never pass a token or key to it.</summary>
    public required IPluginLogger Log { get; init; }
}
