namespace Helr.PluginSdk.Auth.OAuth2;

/// <summary>Base64url without padding (RFC 7515 §2), as JWTs and JWKs use it.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
