namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>
/// A token endpoint refused the request. The message holds the status and the OAuth2
/// <c>error</c> / <c>error_description</c> only, never the request or the raw body.
/// </summary>
internal sealed class TokenEndpointException(string message, int status, string? error, string? challengeScheme)
    : HttpRequestException(message)
{
    public int Status { get; } = status;

    /// <summary>The OAuth2 <c>error</c> code, e.g. <c>invalid_client</c>.</summary>
    public string? Error { get; } = error;

    /// <summary>The scheme of a 401's <c>WWW-Authenticate</c> (e.g. <c>Basic</c>): how the server wants the client to authenticate.</summary>
    public string? ChallengeScheme { get; } = challengeScheme;

    /// <summary>A refresh token the refused answer rotated to (the one sent is revoked): kept all the same.</summary>
    public Secret? RefreshToken { get; init; }
}
