namespace Helr.Kernel.Text;

/// <summary>
/// Where a request carries the names of the headers that hold the source's credentials (set by its
/// authenticator or its configured <c>headers</c>). Two folders read it: Http's redirect handler
/// drops those headers on a hop to another origin, and Replay's recorder redacts them; it lives
/// here, below both, so neither reaches into the other.
/// </summary>
internal static class CredentialHeaders
{
    /// <summary>The request option holding the credential header names.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyCollection<string>> Key = new("helr.credential_headers");

    /// <summary>
    /// Set on a request whose body is itself a credential (a token request's form: client secret,
    /// refresh token, assertion): the redirect handler does not carry that body to another origin.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> InBody = new("helr.credential_body");

    /// <summary>Set on an authenticator's token request: a replay answers it from the recording's token answers only.</summary>
    public static readonly HttpRequestOptionsKey<bool> ForToken = new("helr.token_request");

    /// <summary>Credentials the plugin put where no name says so (<c>PageRequest.Credentials</c>): the recorder cuts them.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Values = new("helr.credential_values");
}
