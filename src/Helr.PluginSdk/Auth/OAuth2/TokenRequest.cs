namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>One token request's form fields and optional HTTP Basic client credentials; built anew per attempt (fresh assertions).</summary>
internal sealed record TokenRequest
{
    public required IReadOnlyList<KeyValuePair<string, string>> Form { get; init; }

    /// <summary>The <c>Authorization: Basic</c> value, when the client authenticates that way.</summary>
    public string? BasicCredentials { get; init; }

    /// <summary>The grant, for logs: never a value.</summary>
    public required string Grant { get; init; }
}
